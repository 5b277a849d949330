// What an error page or an error state says, by what happened (403, 404, network, server).
export const errorPagesVi = {
  forbiddenTitle: 'Không có quyền truy cập',
  forbiddenText: 'Bạn không có quyền xem trang này. Nếu cần, hãy liên hệ quản trị viên để được cấp quyền.',
  notFoundTitle: 'Không tìm thấy',
  notFoundText: 'Không tìm thấy dữ liệu bạn cần: có thể nó đã bị xóa, địa chỉ không đúng, hoặc bạn không có quyền xem.',
  pageNotFoundText: 'Địa chỉ bạn truy cập không tồn tại.',
  networkTitle: 'Mất kết nối',
  serverTitle: 'Máy chủ gặp sự cố',
  backHome: 'Về trang chủ',
  back: 'Quay lại',
};
