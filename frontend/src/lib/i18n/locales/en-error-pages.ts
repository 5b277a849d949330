// What an error page or an error state says, by what happened (403, 404, network, server).
export const errorPagesEn: typeof import('./vi-error-pages').errorPagesVi = {
  forbiddenTitle: 'Access denied',
  forbiddenText: 'You may not see this page. Ask an administrator if you need access.',
  notFoundTitle: 'Not found',
  notFoundText: 'What you are looking for was not found: it may have been removed, the address may be wrong, or you may not see it.',
  pageNotFoundText: 'The address you opened does not exist.',
  networkTitle: 'No connection',
  serverTitle: 'The server has a problem',
  backHome: 'Back to the home page',
  back: 'Back',
};
