import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SimulatorState } from '@pulseboard/shared/contracts';
import { SimulatorService } from './simulator.service';
import { SimulatorStateDto, StartSimulatorDto } from './simulator.dto';

@ApiTags('simulator')
@Controller('simulator')
export class SimulatorController {
  constructor(private readonly simulator: SimulatorService) {}

  @Get()
  @ApiOkResponse({ type: SimulatorStateDto })
  state(): Promise<SimulatorState> {
    return this.simulator.state();
  }

  @Post('start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start the simulator; while running, restarts it with the new settings (never 409)' })
  @ApiOkResponse({ type: SimulatorStateDto })
  start(@Body() dto: StartSimulatorDto): Promise<SimulatorState> {
    return this.simulator.start(dto.ratePerSec, dto.updateRatio);
  }

  @Post('stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop the simulator (200 with the state even when it was not running)' })
  @ApiOkResponse({ type: SimulatorStateDto })
  stop(): Promise<SimulatorState> {
    return this.simulator.stop();
  }
}
