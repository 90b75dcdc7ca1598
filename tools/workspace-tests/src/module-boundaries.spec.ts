// Proves the lint constraints catch the wrong arrows the project's layout forbids (see README's Architecture) (a rule set that allows them is a bug).
import { createProjectGraphAsync } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  // ESLint runs in its own process: its flat config is an ES module, which jest's sandbox cannot import.
  const r = spawnSync(
    process.execPath,
    [require.resolve('eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'],
    {
      cwd: root,
      input: code,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    },
  );
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  beforeAll(async () => {
    process.env['NX_DAEMON'] = 'false';
    await createProjectGraphAsync({ exitOnError: false });
  }, 120_000);

  it.each([
    ['the console imports API code', 'libs/console/feature-counters/src/lib/x.ts', "import { CoreModule } from '@pulseboard/api/core';"],
    [
      'the contracts import anything else',
      'libs/shared/contracts/src/lib/x.ts',
      "import { AuthService } from '@pulseboard/console/data-access';",
    ],
    [
      'a ui component imports data-access',
      'libs/console/ui/src/lib/x.ts',
      "import { AuthService } from '@pulseboard/console/data-access';",
    ],
    ['the API imports console code', 'libs/api/counters/src/lib/x.ts', "import { StatusChipComponent } from '@pulseboard/console/ui';"],
  ])(
    'refuses when %s',
    async (_name, file, code) => {
      expect(await boundaryErrors(file, `${code}\nexport const x = 1;\n`)).not.toEqual([]);
    },
    60_000,
  );

  it('allows the right arrows', async () => {
    expect(
      await boundaryErrors(
        'libs/console/feature-counters/src/lib/x.ts',
        "import { Counter } from '@pulseboard/shared/contracts';\nexport type X = Counter;\n",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'libs/api/counters/src/lib/x.ts',
        "import { CoreModule } from '@pulseboard/api/core';\nexport const x = CoreModule;\n",
      ),
    ).toEqual([]);
  }, 60_000);
});
