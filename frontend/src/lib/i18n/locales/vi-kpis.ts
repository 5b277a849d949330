/** The KPI picker and KPI tables (names and units themselves come from GET /kpis). */
export const viKpis = {
  kpiPicker: {
    indicator: 'Chỉ tiêu',
    choose: 'Chọn chỉ tiêu (gõ để tìm)',
    suited: 'Phù hợp với loại hoạt động',
    others: 'Chỉ tiêu khác',
    value: 'Giá trị',
    baseline: 'Trước khi thực hiện',
    result: 'Sau khi thực hiện',
    saving: 'Tiết kiệm: {{value}} {{unit}}',
    add: 'Thêm chỉ tiêu',
    remove: 'Bỏ chỉ tiêu {{name}}',
    unknown: 'Chỉ tiêu "{{code}}" không có trong danh mục: hãy chọn một chỉ tiêu trong danh mục hoặc bỏ dòng này',
    required: 'Nhập giá trị',
    negative: 'Không được âm',
    maxPercent: 'Tỷ lệ phần trăm không quá {{max}}',
    mean: 'bình quân các đề án',
    savingOf: 'Tiết kiệm',
    none: 'Chưa có chỉ tiêu nào',
    unit: 'Đơn vị',
  },
};
