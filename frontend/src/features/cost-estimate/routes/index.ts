// The cost estimate's public face: the table the project form embeds, and its rules.
export { CostEstimateTable } from '../components/CostEstimateTable';
export { CostEstimateView } from '../components/CostEstimateView';
export { costProblems, toCostLines, toRows, type CostLine, type CostRow } from '../lib/costs';
