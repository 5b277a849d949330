// Vietnamese texts for date and number inputs, the ledger view and the settlement preview.
export const viRecords = {
  inputs: {
    datePlaceholder: 'dd/mm/yyyy',
    datePick: 'Chọn ngày trên lịch',
    dateInvalid: 'Ngày không hợp lệ: nhập ngày/tháng/năm, ví dụ 01/02/2014',
    notNumber: 'Phải là một số',
    integer: 'Phải là số nguyên',
    range: 'Phải từ {{min}} đến {{max}}',
    min: 'Tối thiểu {{min}}',
  },
  ledgerView: {
    documentDate: 'Ngày chứng từ',
    recordedAt: 'Thời điểm ghi sổ',
    details: 'Chi tiết bút toán',
    detailsOf: 'Chi tiết bút toán số {{seq}}',
    openDetails: 'Xem chi tiết bút toán {{seq}}',
    projectOf: 'Đề án của bút toán {{seq}}',
    projectUnknown: 'Đề án',
    hash: 'Mã kiểm tra (mã băm)',
    prevHash: 'Mã kiểm tra của bút toán trước',
    hashHelp:
      'Mỗi bút toán mang một mã kiểm tra tính từ nội dung của nó và mã của bút toán liền trước. Sửa hay xoá một bút toán cũ sẽ làm các mã sau không còn khớp.',
    verifyHelp:
      'Kiểm tra tính toàn vẹn: hệ thống tính lại mã kiểm tra của từng bút toán theo thứ tự, để phát hiện bút toán nào đã bị sửa, xoá hoặc chèn thêm sau khi ghi sổ.',
    verifyOk: 'Toàn vẹn: đã kiểm tra {{count}} bút toán, không bút toán nào bị sửa, xoá hay chèn thêm sau khi ghi sổ.',
    verifyBroken: 'Sổ cái bị sai lệch: bút toán số {{seq}} không khớp với mã kiểm tra. Bút toán này (hoặc một bút toán trước nó) đã bị sửa hay xoá ngoài hệ thống; cần báo ngay cho quản trị hệ thống.',
    verifyBrokenId: 'Sổ cái bị sai lệch từ bút toán {{id}}: bút toán này (hoặc một bút toán trước nó) đã bị sửa hay xoá ngoài hệ thống; cần báo ngay cho quản trị hệ thống.',
    idempotencyKey: 'Mã chống ghi trùng',
    actorSubject: 'Tài khoản thực hiện',
    commitment: 'Mã cam kết',
    fiscalYear: 'Năm ngân sách',
  },
  settle: {
    preview: 'Khi quyết toán',
    accepted: 'Kinh phí nghiệm thu',
    advanced: 'Đã tạm ứng',
    toPay: 'Sẽ thanh toán nốt',
    toRelease: 'Kinh phí không sử dụng (trả lại dự toán)',
    deadlineWarning: 'Đã quá hạn quyết toán ngày {{deadline}} của năm ngân sách {{year}}. Vẫn có thể ghi nhận, nhưng cần giải trình việc chậm quyết toán.',
    documentDate: 'Ngày chứng từ',
    voucher: 'Số chứng từ (UNC, phiếu chi)',
  },
  tableView: {
    sort: 'Sắp xếp theo',
    ascending: 'tăng dần',
    descending: 'giảm dần',
  },
  terms: {
    productScore: 'Điểm bình chọn',
  },
};
