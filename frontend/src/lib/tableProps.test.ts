import { pagingProps, queryProps } from './tableProps';

describe('table props', () => {
  it('keep the page on paging and go back to page 1 on a new sort or page size', () => {
    const update = vi.fn();
    const p = pagingProps({ page: 3, pageSize: 20, sort: 'name', update }, 95);
    expect([p.page, p.pageSize, p.sort, p.total]).toEqual([3, 20, 'name', 95]);
    p.onPage(4);
    expect(update).toHaveBeenLastCalledWith({ page: 4 }, false);
    p.onSort('-name');
    expect(update).toHaveBeenLastCalledWith({ sort: '-name' });
    p.onPageSize(50);
    expect(update).toHaveBeenLastCalledWith({ page_size: 50 });
  });

  it('hide the error of a query that has not failed', () => {
    const refetch = vi.fn();
    const q = { data: { items: [1] }, isPending: false, isError: false, error: new Error('old'), refetch };
    const props = queryProps(q);
    expect(props.rows).toEqual([1]);
    expect(props.error).toBeNull();
    props.onRetry();
    expect(refetch).toHaveBeenCalled();
  });
});
