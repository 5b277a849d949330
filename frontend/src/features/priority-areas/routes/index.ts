// What other features may use of the priority areas: the marks of a unit and the level they raise.
export { upliftOf, usePriorityAreas } from '../api/priorityAreas';
