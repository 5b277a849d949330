// What other features may use of the projects: the KPI catalogue, an indicator's name, and a
// project field's value as the pages write it.
export { useKpis, type Kpi } from '../api/kpis';
export { kpiName } from '../components/KpiEditor';
export { useKpiNames, valueText } from '../components/ProjectHistoryTimeline';
