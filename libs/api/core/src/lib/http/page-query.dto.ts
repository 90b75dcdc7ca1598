import { BadRequestException, applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, PageQuery } from '@pulseboard/shared/contracts';

/** A list filter: optional text of at most `maxLength` characters; with `notEmpty`, '' is refused too. */
export const TextFilter = (maxLength: number, opts: { notEmpty?: boolean } = {}) =>
  applyDecorators(
    // The Swagger plugin reads @MaxLength only where it is written; inside this wrapper the schema says it here.
    ApiPropertyOptional({ type: String, maxLength }),
    IsOptional(),
    IsString(),
    ...(opts.notEmpty ? [IsNotEmpty()] : []),
    MaxLength(maxLength),
  );

/** A list filter: an optional strict ISO-8601 time (a bound of a time range). */
export const TimeFilter = () => applyDecorators(IsOptional(), IsISO8601({ strict: true }));

/** The one query of every list endpoint; features extend it with their filters. */
export class PageQueryDto implements PageQuery {
  /** 1-based page number. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page = 1;

  /** Items per page, at most 100. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: PAGE_SIZE_MAX, default: PAGE_SIZE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_SIZE_MAX)
  pageSize = PAGE_SIZE_DEFAULT;

  /** A field name, `-` prefix for descending, e.g. `-createdAt`. */
  @IsOptional()
  @IsString()
  @Matches(/^-?[A-Za-z][A-Za-z0-9]*$/, { message: 'sort must be a field name, optionally prefixed with -' })
  sort?: string;

  /** Opaque cursor from a previous page's `nextCursor` (lists that support it). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface ResolvedSort<F extends string> {
  field: F;
  direction: 'ASC' | 'DESC';
}

/** Validates `sort` against the fields a list allows; 400 names the allowed ones. */
export function resolveSort<F extends string>(sort: string | undefined, allowed: readonly F[], fallback: string): ResolvedSort<F> {
  const s = sort ?? fallback;
  const desc = s.startsWith('-');
  const field = (desc ? s.slice(1) : s) as F;
  if (!allowed.includes(field)) {
    throw new BadRequestException(`sort must be one of ${allowed.join(', ')} (prefix - for descending), got '${s}'`);
  }
  return { field, direction: desc ? 'DESC' : 'ASC' };
}
