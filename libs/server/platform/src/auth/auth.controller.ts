import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from './actor';
import { Access } from './access.decorator';
import { AuthRateLimitGuard, RateLimited } from './auth-rate-limit.guard';
import { AuthService, type TokenPair } from './auth.service';
import { CurrentActor, CurrentPrincipal } from './current-principal.decorator';
import { ChangePasswordDto, LoginDto, MeDto, RefreshDto, TokenPairDto } from './dto/auth.dto';
import type { Principal } from './principal';
import { UsersService } from './users.service';

const TOO_MANY_ATTEMPTS = {
  description:
    'Too many attempts from this client address (and username) in the rate-limit window; ' +
    'the `Retry-After` header says how many seconds to wait.',
  headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
};

@ApiTags('auth')
@Controller('auth')
@UseGuards(AuthRateLimitGuard)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Access.public()
  @RateLimited('login')
  @ApiOperation({
    summary: 'Log in with username and password',
    description:
      'Repeated failures lock the account for a while; attempts are rate-limited per client address ' +
      'and per address and username.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Wrong credentials, or the account is locked or deactivated.' })
  @ApiTooManyRequestsResponse(TOO_MANY_ATTEMPTS)
  login(@Body() body: LoginDto, @CurrentActor() actor: Actor): Promise<TokenPair> {
    return this.auth.login(body.username, body.password, actor);
  }

  @Post('refresh')
  @HttpCode(200)
  @Access.public()
  @RateLimited('refresh')
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)',
    description: 'Attempts are rate-limited per client address.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiTooManyRequestsResponse(TOO_MANY_ATTEMPTS)
  refresh(@Body() body: RefreshDto, @CurrentActor() actor: Actor): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken, actor);
  }

  @Post('logout')
  @HttpCode(204)
  @Access.authenticated({ allowPendingPasswordChange: true })
  @ApiOperation({ summary: 'End this session' })
  @ApiNoContentResponse()
  logout(@CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(principal, actor);
  }

  @Post('password')
  @HttpCode(204)
  @Access.authenticated({ allowPendingPasswordChange: true })
  @ApiOperation({ summary: 'Change your password', description: 'Ends your other sessions.' })
  @ApiNoContentResponse()
  changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.auth.changePassword(principal, body.currentPassword, body.newPassword, actor);
  }

  @Get('me')
  @Access.authenticated({ allowPendingPasswordChange: true })
  @ApiOperation({ summary: 'Who you are and your roles per trial' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.users.me(principal);
  }
}
