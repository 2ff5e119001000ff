import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../auth/access.decorator';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Access.public()
  @ApiOperation({ summary: 'Database, queue and FHIR reachability' })
  @ApiOkResponse({ description: 'The database is reachable (status ok or degraded).' })
  @ApiServiceUnavailableResponse({ description: 'The database is not reachable.' })
  async get(@Res() response: Response): Promise<void> {
    const report = await this.health.report();
    response
      .status(report.status === 'down' ? 503 : 200)
      .setHeader('Cache-Control', 'no-store')
      .json(report);
  }
}
