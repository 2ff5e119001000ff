import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'coordinator1' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 256)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token from the login or the previous refresh (each can be used once).',
  })
  @IsString()
  @Length(16, 200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 256)
  currentPassword!: string;

  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: 256,
    description: 'At least 12 characters, not containing the username.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  newPassword!: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds.' }) expiresIn!: number;
  @ApiProperty({ format: 'date-time' }) refreshExpiresAt!: string;
  @ApiProperty({
    description: 'When true, only password change, me and logout are allowed until the password is changed.',
  })
  mustChangePassword!: boolean;
}

export class TrialRoleSummaryDto {
  @ApiProperty() trialCode!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() isAdmin!: boolean;
  @ApiProperty() mustChangePassword!: boolean;
  @ApiProperty({ type: [TrialRoleSummaryDto] }) trials!: TrialRoleSummaryDto[];
}
