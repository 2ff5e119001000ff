import { ApiProperty } from '@nestjs/swagger';

export class ModelViewDto {
  @ApiProperty({ description: 'SHA-256 of the uploaded ONNX bytes', example: 'a3f5…' })
  sha256!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  version!: string;

  @ApiProperty({ description: 'Size of the ONNX file in bytes' })
  byteSize!: number;

  @ApiProperty({ description: 'The model card (with modelSha256 filled in)', type: Object })
  card!: Record<string, unknown>;

  @ApiProperty({
    description:
      'Inputs and outputs found by onnxruntime, the input layout and which output is the probability',
    type: Object,
  })
  signature!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  registeredAt!: string;

  @ApiProperty({ description: 'User id of who registered it' })
  registeredBy!: string;
}
