// Priority areas (địa bàn ưu tiên): the units a program raises the support level in.
export const viPriority = {
  priorityAreas: {
    title: 'Địa bàn ưu tiên',
    help: 'Đề án thực hiện tại địa bàn ưu tiên được hưởng mức hỗ trợ nâng lên (tối đa 150% mức thông thường, Thông tư 28/2018/TT-BTC). Đề án được xét theo các địa bàn ưu tiên có hiệu lực ngày 01/01 của năm kế hoạch. Mỗi địa bàn chỉ có một mức cho mỗi chương trình trong cùng thời gian; đề án đã phê duyệt giữ nguyên kinh phí.',
    create: 'Thêm địa bàn ưu tiên',
    edit: 'Sửa địa bàn ưu tiên',
    editOf: 'Sửa địa bàn ưu tiên {{code}}',
    program: 'Chương trình',
    programHelp: 'Để trống: áp dụng cho mọi chương trình',
    everyProgram: 'Mọi chương trình',
    uplift: 'Mức hỗ trợ nâng lên',
    upliftHelp: 'Phần trăm của mức hỗ trợ thông thường, từ 100 đến 150',
    legalBasis: 'Căn cứ (quyết định)',
    period: 'Thời gian hiệu lực',
    effectiveFrom: 'Có hiệu lực từ ngày',
    effectiveTo: 'Hết hiệu lực sau ngày',
    effectiveToHelp: 'Để trống nếu chưa xác định',
    endBeforeStart: 'Ngày hết hiệu lực phải từ ngày có hiệu lực trở đi',
    from: 'từ {{date}}',
    open: 'chưa xác định',
    inForce: 'Đang hiệu lực',
  },
};
