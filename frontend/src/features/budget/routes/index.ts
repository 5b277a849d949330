// What other features may use of the budget: its programs (a priority area names one).
export { usePrograms } from '../api/budget';
