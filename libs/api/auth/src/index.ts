export * from './lib/auth.module';
export * from './lib/token.service';
export * from './lib/users.service';
export * from './lib/user.entity';
export * from './lib/auth.guard';
export * from './lib/current-user.decorator';
export * from './lib/migrations';
