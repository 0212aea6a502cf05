export function paginate<T>(items: T[], requestedPage: number, pageSize: number) {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const page = Math.min(Math.max(0, requestedPage), pageCount - 1);
  const slice = items.slice(page * pageSize, (page + 1) * pageSize);
  return {
    items: slice,
    page,
    pageCount,
    from: slice.length ? page * pageSize + 1 : 0,
    to: page * pageSize + slice.length,
  };
}
