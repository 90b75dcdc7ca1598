import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';

import { PageQueryDto, RequireRole } from '@pulseboard/api/core';
import type { Page, User } from '@pulseboard/shared/contracts';
import { CreateUserDto } from './dto/create-user.dto';
import { UserDto } from './dto/auth-responses.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@RequireRole('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@Query() q: PageQueryDto): Promise<Page<User>> {
    return this.users.list(q.page, q.pageSize);
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'A user with that name exists' })
  create(@Body() dto: CreateUserDto): Promise<User> {
    return this.users.create(dto);
  }
}
