import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import type { SimulatorState, StartSimulatorRequest } from '@pulseboard/shared/contracts';

export class StartSimulatorDto implements StartSimulatorRequest {
  /** Events created per second, 0.1..1000. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(1000)
  ratePerSec?: number = 1;

  /** Changes to open events per created event, 0..1 (severity escalations, completions by `simulator`). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  updateRatio?: number = 0.2;
}

export class SimulatorStateDto implements SimulatorState {
  running: boolean;
  ratePerSec: number;
  updateRatio: number;
  /** Events created since the API started. */
  generated: number;
}
