import { CreateUsers1732300000000 } from './1732300000000-create-users';
import { UserAccounts1764000000000 } from './1764000000000-user-accounts';

export const AUTH_MIGRATIONS = [CreateUsers1732300000000, UserAccounts1764000000000];
