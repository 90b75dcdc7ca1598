import { convertToParamMap } from '@angular/router';
import { readTableQuery, tableQueryHttpParams, tableQueryParams, TableQueryConfig } from './page-query';

const config: TableQueryConfig<'status' | 'type'> = {
  pageSize: 20,
  defaultSort: { active: 'createdAt', direction: 'desc' },
  filterKeys: ['status', 'type'],
};

describe('table query helpers', () => {
  it('reads page, size, sort and filters from the URL in the API names', () => {
    const query = readTableQuery(convertToParamMap({ page: '3', pageSize: '50', sort: '-name', status: 'failed', other: 'x' }), config);
    expect(query).toEqual({ pageIndex: 2, pageSize: 50, sortActive: 'name', sortDirection: 'desc', filters: { status: 'failed' } });
  });

  it('uses the defaults for missing or malformed values and caps the page size at 100', () => {
    const query = readTableQuery(convertToParamMap({ page: '-1', pageSize: '5000', sort: 'bad field!' }), config);
    expect(query).toEqual({ pageIndex: 0, pageSize: 100, sortActive: 'createdAt', sortDirection: 'desc', filters: {} });
  });

  it('keeps an explicit "no sort" apart from the default sort', () => {
    expect(readTableQuery(convertToParamMap({ sort: '' }), config)).toMatchObject({ sortActive: '', sortDirection: '' });
  });

  it('writes URL params, removing those equal to the defaults', () => {
    const params = tableQueryParams(
      { pageIndex: 0, pageSize: 20, sortActive: 'createdAt', sortDirection: 'desc', filters: { type: 'image.fetch' } },
      config,
    );
    expect(params).toEqual({ page: null, pageSize: null, sort: null, status: null, type: 'image.fetch' });

    expect(tableQueryParams({ pageIndex: 1, pageSize: 50, sortActive: 'name', sortDirection: 'asc', filters: {} }, config)).toEqual({
      page: 2,
      pageSize: 50,
      sort: 'name',
      status: null,
      type: null,
    });
  });

  it('round-trips through the URL', () => {
    const query = { pageIndex: 4, pageSize: 10, sortActive: 'status', sortDirection: 'asc' as const, filters: { status: 'open' } };
    const params = tableQueryParams(query, config);
    const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null));
    expect(readTableQuery(convertToParamMap(clean), config)).toEqual(query);
  });

  it('builds the API request params (1-based page, -field for descending, only set filters)', () => {
    const params = tableQueryHttpParams({
      pageIndex: 1,
      pageSize: 20,
      sortActive: 'occurredAt',
      sortDirection: 'desc',
      filters: { severity: 'error', q: '' },
    });
    expect(params.toString()).toBe('page=2&pageSize=20&sort=-occurredAt&severity=error');
  });
});
