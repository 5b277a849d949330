// The change requests' public face: the panel the project page shows.
export { ChangeRequestPanel } from '../components/ChangeRequestPanel';
