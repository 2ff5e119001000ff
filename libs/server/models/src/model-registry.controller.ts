import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Res,
  StreamableFile,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Access, type Actor, badRequest, CurrentActor } from '@prospect/platform';
import type { Response } from 'express';
import { ModelViewDto } from './model.dto';
import { ModelRegistryService, type ModelView } from './model-registry.service';

interface ModelUpload {
  model?: Express.Multer.File[];
  card?: Express.Multer.File[];
}

@ApiTags('models')
@Controller('models')
export class ModelRegistryController {
  constructor(private readonly registry: ModelRegistryService) {}

  @Post()
  @Access.admin()
  @UseInterceptors(
    FileFieldsInterceptor([
      { name: 'model', maxCount: 1 },
      { name: 'card', maxCount: 1 },
    ]),
  )
  @ApiOperation({
    summary:
      'Register an ONNX model with its model card (checked by loading it); the same file again returns it',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['model', 'card'],
      properties: {
        model: { type: 'string', format: 'binary', description: 'The .onnx file' },
        card: {
          description: 'The model card as JSON: a text field or a .json file',
          oneOf: [{ type: 'string' }, { type: 'string', format: 'binary' }],
        },
      },
    },
  })
  @ApiCreatedResponse({ type: ModelViewDto, description: 'Registered (200 when these bytes already were)' })
  async register(
    @UploadedFiles() files: ModelUpload | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ModelView> {
    const model = files?.model?.[0];
    if (!model || model.size === 0) {
      throw badRequest('MODEL_FILE_REQUIRED', 'Upload the ONNX file as the multipart field "model".', [
        { field: 'model', reason: 'required: the .onnx file' },
      ]);
    }
    const cardText = files?.card?.[0]?.buffer.toString('utf8') ?? body?.['card'];
    if (typeof cardText !== 'string' || cardText.trim() === '') {
      throw badRequest('MODEL_CARD_REQUIRED', 'Send the model card as the multipart field "card" (JSON).', [
        { field: 'card', reason: 'required: the model card as JSON' },
      ]);
    }
    let card: unknown;
    try {
      card = JSON.parse(cardText);
    } catch (error) {
      throw badRequest('MODEL_CARD_NOT_JSON', 'The model card is not JSON.', [
        { field: 'card', reason: (error as Error).message },
      ]);
    }
    const outcome = await this.registry.register(
      actor,
      new Uint8Array(model.buffer.buffer, model.buffer.byteOffset, model.buffer.byteLength),
      card,
    );
    response.status(outcome.created ? 201 : 200);
    return outcome.model;
  }

  @Get()
  @Access.authenticated()
  @ApiOperation({ summary: 'Registered models with their cards' })
  @ApiOkResponse({ type: [ModelViewDto] })
  list(): Promise<ModelView[]> {
    return this.registry.list();
  }

  @Get(':sha256')
  @Access.authenticated()
  @ApiOperation({ summary: 'One registered model: card, signature, provenance' })
  @ApiOkResponse({ type: ModelViewDto })
  get(@Param('sha256') sha256: string): Promise<ModelView> {
    return this.registry.get(sha256);
  }

  @Get(':sha256/onnx')
  @Access.authenticated()
  @ApiOperation({ summary: 'The registered ONNX file, byte for byte (its SHA-256 is its name)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async download(@Param('sha256') sha256: string): Promise<StreamableFile> {
    const model = await this.registry.get(sha256);
    const bytes = await this.registry.bytes(sha256);
    return new StreamableFile(bytes, {
      type: 'application/octet-stream',
      disposition: `attachment; filename="${safeFileName(model.name)}-${safeFileName(model.version)}.onnx"`,
      length: bytes.byteLength,
    });
  }
}

function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'model';
}
