import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ParseOptionalBoolean, ParseUuid } from '../errors/pipes';
import type { Actor } from './actor';
import { Access } from './access.decorator';
import { CurrentActor } from './current-principal.decorator';
import {
  CreatedUserDto,
  CreateUserDto,
  GrantRoleDto,
  PasswordResetDto,
  ReasonDto,
  RoleAssignmentDto,
  UserDto,
} from './dto/users.dto';
import { UsersService, type RoleAssignmentView, type UserView } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Access.admin()
  @ApiOperation({ summary: 'List users' })
  @ApiOkResponse({ type: [UserDto] })
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Post()
  @Access.admin()
  @ApiOperation({
    summary: 'Create a user',
    description: 'The user must change the password at first login.',
  })
  @ApiCreatedResponse({ type: CreatedUserDto })
  create(
    @Body() body: CreateUserDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ user: UserView; temporaryPassword: string | null }> {
    return this.users.create(actor, {
      username: body.username,
      displayName: body.displayName,
      isAdmin: body.isAdmin ?? false,
      ...(body.password !== undefined ? { password: body.password } : {}),
    });
  }

  @Get(':userId')
  @Access.admin()
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  get(@Param('userId', ParseUuid) userId: string): Promise<UserView> {
    return this.users.get(userId);
  }

  @Post(':userId/deactivate')
  @Access.admin()
  @ApiOperation({ summary: 'Deactivate a user (ends their sessions)' })
  @ApiCreatedResponse({ type: UserDto })
  deactivate(
    @Param('userId', ParseUuid) userId: string,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<UserView> {
    return this.users.setActive(actor, userId, false, body.reason);
  }

  @Post(':userId/reactivate')
  @Access.admin()
  @ApiOperation({ summary: 'Reactivate a user' })
  @ApiCreatedResponse({ type: UserDto })
  reactivate(
    @Param('userId', ParseUuid) userId: string,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<UserView> {
    return this.users.setActive(actor, userId, true, body.reason);
  }

  @Post(':userId/unlock')
  @Access.admin()
  @ApiOperation({ summary: 'Unlock a user locked out by failed logins' })
  @ApiCreatedResponse({ type: UserDto })
  unlock(
    @Param('userId', ParseUuid) userId: string,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<UserView> {
    return this.users.unlock(actor, userId, body.reason);
  }

  @Post(':userId/password-reset')
  @Access.admin()
  @ApiOperation({
    summary: 'Reset a password to a one-time password',
    description: 'The new password is returned once.',
  })
  @ApiCreatedResponse({ type: PasswordResetDto })
  resetPassword(
    @Param('userId', ParseUuid) userId: string,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ user: UserView; temporaryPassword: string }> {
    return this.users.resetPassword(actor, userId, body.reason);
  }

  @Get(':userId/roles')
  @Access.admin()
  @ApiOperation({ summary: 'A user’s trial roles' })
  @ApiQuery({ name: 'includeRevoked', required: false, type: Boolean })
  @ApiOkResponse({ type: [RoleAssignmentDto] })
  roles(
    @Param('userId', ParseUuid) userId: string,
    @Query('includeRevoked', ParseOptionalBoolean) includeRevoked: boolean,
  ): Promise<RoleAssignmentView[]> {
    return this.users.roles(userId, includeRevoked);
  }

  @Post(':userId/roles')
  @Access.admin()
  @ApiOperation({ summary: 'Grant a role in a trial' })
  @ApiCreatedResponse({ type: RoleAssignmentDto })
  grantRole(
    @Param('userId', ParseUuid) userId: string,
    @Body() body: GrantRoleDto,
    @CurrentActor() actor: Actor,
  ): Promise<RoleAssignmentView> {
    return this.users.grantRole(actor, userId, body.trialCode, body.role, body.reason ?? null);
  }

  @Post(':userId/roles/:assignmentId/revoke')
  @Access.admin()
  @ApiOperation({ summary: 'Revoke a role assignment' })
  @ApiCreatedResponse({ type: RoleAssignmentDto })
  revokeRole(
    @Param('userId', ParseUuid) userId: string,
    @Param('assignmentId', ParseUuid) assignmentId: string,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<RoleAssignmentView> {
    return this.users.revokeRole(actor, userId, assignmentId, body.reason);
  }
}
