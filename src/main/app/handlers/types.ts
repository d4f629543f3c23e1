import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../../shared/api';
import type { Result } from '../../../shared/result';

/** A request handler, typed from the contract: validated input in, Result of the output type out. */
export type Handler<M extends ApiMethod> = (input: ApiParsedInput<M>) => Promise<Result<ApiOutput<M>>>;

export type HandlerMap<K extends ApiMethod> = { [M in K]: Handler<M> };
