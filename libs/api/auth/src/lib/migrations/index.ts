import { CreateUsers1732300000000 } from './1732300000000-create-users';

export const AUTH_MIGRATIONS = [CreateUsers1732300000000];
