import { Inject } from '@nestjs/common';
import { parseEnv, PulseboardEnv } from './env';

/** Injection token of the validated configuration. */
export const PULSEBOARD_CONFIG = Symbol('PULSEBOARD_CONFIG');

/** Injects the validated, typed configuration (never read process.env inside features). */
export const InjectConfig = (): ParameterDecorator => Inject(PULSEBOARD_CONFIG);

export type PulseboardConfig = Readonly<PulseboardEnv>;

export const configProvider = {
  provide: PULSEBOARD_CONFIG,
  useFactory: (): PulseboardConfig => Object.freeze(parseEnv(process.env)),
};
