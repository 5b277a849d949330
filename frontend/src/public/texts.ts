// The public pages' words: Vietnamese (the pages are for citizens of a Vietnamese province).
export const CATEGORY: Record<string, string> = {
  training: 'Đào tạo nghề, truyền nghề',
  capacity_building: 'Nâng cao năng lực',
  technology_transfer: 'Ứng dụng, chuyển giao công nghệ',
  products_and_trade: 'Sản phẩm CNNT tiêu biểu, xúc tiến thương mại',
  consulting: 'Tư vấn',
  information: 'Thông tin, tuyên truyền',
  clusters_and_environment: 'Liên kết, cụm công nghiệp, môi trường',
  international_cooperation: 'Hợp tác quốc tế',
  program_management: 'Quản lý chương trình',
};

export const STATUS: Record<string, string> = {
  approved: 'Đã phê duyệt',
  in_progress: 'Đang thực hiện',
  accepted: 'Đã nghiệm thu',
  settled: 'Đã quyết toán',
  cancelled: 'Đã hủy',
};

export const SOURCE: Record<string, string> = {
  local: 'Khuyến công địa phương',
  national: 'Khuyến công quốc gia',
  other: 'Nguồn khác',
};

export const KIND: Record<string, string> = {
  enterprise: 'Doanh nghiệp',
  cooperative: 'Hợp tác xã',
  cooperative_group: 'Tổ hợp tác',
  household_business: 'Hộ kinh doanh',
  cooperative_union: 'Liên hiệp hợp tác xã',
};

export const DISBURSEMENT: Record<string, string> = {
  advance: 'Tạm ứng',
  final: 'Thanh toán',
  recovery: 'Thu hồi tạm ứng',
};

export const CHANGE: Record<string, string> = {
  budget: 'Điều chỉnh kinh phí',
  content: 'Điều chỉnh nội dung',
  schedule: 'Điều chỉnh thời gian thực hiện',
  beneficiary: 'Thay đổi đơn vị thụ hưởng',
  location: 'Thay đổi địa điểm',
};

export const label = (table: Record<string, string>, code: string | null | undefined) =>
  code ? (table[code] ?? code) : '—';
