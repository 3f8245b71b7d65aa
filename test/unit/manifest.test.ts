import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { buildEntries } from '../../bot/knowledge/entries';
import { KnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { loadPolicy } from '../../bot/rules/policy';
import { buildLocalization, buildManifest, localizationSchema, MANIFEST_DIR, SCHEMA_FILE } from '../../manifest/manifest';

const ENV = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', BOT_DOMAIN: 'bot.example.edu' };
const schema = () => JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
const validate = (manifest: unknown) => AppManifestUtils.validateAgainstSchema(manifest as never, schema());
const png = (file: string) => PNG.sync.read(fs.readFileSync(path.join(MANIFEST_DIR, file)));

describe('Teams app manifest', () => {
  it('validates offline against the official v1.30 schema bundled in @microsoft/app-manifest', async () => {
    const manifest = buildManifest(ENV);
    assert.equal(manifest['manifestVersion'], '1.30');
    assert.deepEqual(await validate(manifest), []);
  });

  it('is filled from the environment: app id, bot name, domain', () => {
    const manifest = buildManifest({ ...ENV, BOT_NAME: 'Panopto "help"' }) as {
      id: string;
      name: { short: string };
      bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ commands: unknown[] }> }>;
      validDomains: string[];
    };
    assert.equal(manifest.id, ENV.MicrosoftAppId);
    assert.equal(manifest.bots[0]?.botId, ENV.MicrosoftAppId);
    assert.equal(manifest.name.short, 'Panopto "help"');
    assert.deepEqual(manifest.validDomains, ['bot.example.edu']);
    assert.ok(manifest.bots[0]?.scopes.includes('personal') && manifest.bots[0].scopes.includes('team'));
    assert.ok((manifest.bots[0]?.commandLists[0]?.commands.length ?? 0) <= 12);
  });

  it('names what is missing when it cannot be built', () => {
    assert.throws(() => buildManifest({}), /MicrosoftAppId[^]*BOT_DOMAIN/);
    assert.throws(() => buildManifest({ ...ENV, BOT_NAME: 'x'.repeat(31) }), /BOT_NAME/);
  });

  it('the schema check catches what Teams would reject', async () => {
    const manifest = buildManifest(ENV);
    assert.notDeepEqual(await validate({ ...manifest, unexpected: true }), []);
    assert.notDeepEqual(await validate({ ...manifest, accentColor: 'blue' }), []);
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = png('color.png');
    assert.deepEqual([color.width, color.height], [192, 192]);
    const outline = png('outline.png');
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3]];
      assert.ok(a === 0 || (r === 255 && g === 255 && b === 255), 'outline pixels are white or transparent');
    }
  });

  describe('in Finnish (localizationInfo)', () => {
    type Command = { title: string; description: string };
    const manifest = () => buildManifest(ENV) as { localizationInfo: { additionalLanguages: Array<{ languageTag: string; file: string }> }; bots: Array<{ commandLists: Array<{ commands: Command[] }> }> };
    const fi = () => buildLocalization(ENV, 'fi') as Record<string, string>;
    const fiCommands = (): Command[] =>
      (manifest().bots[0]?.commandLists[0]?.commands ?? []).map((_c, i) => ({
        title: fi()[`bots[0].commandLists[0].commands[${i}].title`] ?? '',
        description: fi()[`bots[0].commandLists[0].commands[${i}].description`] ?? '',
      }));

    it('names fi.json as the Finnish localization, which validates against the v1.30 localization schema', async () => {
      assert.deepEqual(manifest().localizationInfo.additionalLanguages, [{ languageTag: 'fi', file: 'fi.json' }]);
      const schema = localizationSchema() as never;
      assert.deepEqual(await AppManifestUtils.validateAgainstSchema(fi() as never, schema), []);
      assert.notDeepEqual(await AppManifestUtils.validateAgainstSchema({ ...fi(), 'name.short': 'x'.repeat(31) } as never, schema), []);
    });

    it('gives every command of the menu a Finnish title and description', () => {
      const commands = fiCommands();
      assert.equal(commands.length, manifest().bots[0]?.commandLists[0]?.commands.length);
      for (const command of commands) assert.ok(command.title !== '' && command.description !== '', JSON.stringify(command));
      // Picking a command sends its title: these are the Finnish words the bot takes as commands.
      assert.deepEqual(commands.slice(0, 5).map((c) => c.title), ['ohje', 'omat videot', 'pidennä', 'omat pyynnöt', 'odottavat']);
    });

    it('the Finnish example questions of the menu are answered, in Finnish, by the rule they name', () => {
      const kb = new KnowledgeBase(buildEntries(loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'))));
      const expected = ['lifecycle', 'caption_deadline'];
      for (const [i, command] of fiCommands().slice(5, 7).entries()) {
        const result = kb.answer(command.title);
        assert.equal(result.kind, 'answer', command.title);
        if (result.kind === 'answer') {
          assert.equal(result.language, 'fi', command.title);
          assert.equal(result.entry.id, expected[i], command.title);
        }
      }
    });
  });

  it("names the bot's Entra app in webApplicationInfo, which installing the app for owners through Graph requires", () => {
    const manifest = buildManifest(ENV) as { webApplicationInfo: { id: string; resource: string } };
    assert.equal(manifest.webApplicationInfo.id, ENV.MicrosoftAppId);
    assert.equal(manifest.webApplicationInfo.resource, `api://bot.example.edu/botid-${ENV.MicrosoftAppId}`);
  });

  it('npm run package writes a zip with manifest.json, fi.json and both icons at its root', () => {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(MANIFEST_DIR, 'package.ts')], { env: { ...process.env, ...ENV }, stdio: 'pipe' });
    const zip = new AdmZip(path.join(MANIFEST_DIR, 'build', 'appPackage.zip'));
    assert.deepEqual(zip.getEntries().map((e) => e.entryName).sort(), ['color.png', 'fi.json', 'manifest.json', 'outline.png']);
    assert.match(zip.readAsText('fi.json'), /"omat videot"/);
  });
});
