// The tasks feature's public face: the work list (the home page starts with it) and the header's
// notification bell.
export { NotificationBell } from '../components/NotificationBell';
export { WorkList } from '../components/WorkList';
