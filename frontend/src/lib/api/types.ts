// Types derived from the generated `paths` (not from component names, which the merged gateway
// document may rename), so switching the OpenAPI source does not ripple through the features.
import type { paths } from '@/api/schema';

export type Path = keyof paths;
type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type Op<P extends Path, M extends Method> = M extends keyof paths[P] ? paths[P][M] : never;
type Json<X> = X extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = R extends { 200: infer X } ? X : R extends { 201: infer X } ? X : never;

export type ResponseOf<P extends Path, M extends Method = 'get'> =
  Op<P, M> extends { responses: infer R } ? Json<Success<R>> : never;
export type BodyOf<P extends Path, M extends Method = 'post'> =
  Op<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;
export type QueryOf<P extends Path, M extends Method = 'get'> =
  Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The item type of a paginated list endpoint. */
export type ItemOf<P extends Path> = ResponseOf<P> extends { items: Array<infer I> } ? I : never;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}
