// What other features may use of the projects: the KPI catalogue and an indicator's name.
export { useKpis, type Kpi } from '../api/kpis';
export { kpiName } from '../components/KpiEditor';
