import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { buildLocalization, buildManifest, localizationSchema, MANIFEST_DIR, MANIFEST_LANGUAGES, SCHEMA_FILE } from './manifest';

/** npm run package: writes manifest/build/appPackage.zip (manifest.json, its localization files and both icons at the root), validated first. */
async function main(): Promise<void> {
  const manifest = buildManifest(process.env);
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  const errors = await AppManifestUtils.validateAgainstSchema(manifest as never, schema);
  if (errors.length > 0) throw new Error(`The manifest does not match the Teams schema:\n  - ${errors.join('\n  - ')}`);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  const schemaForLocalization = localizationSchema();
  for (const language of MANIFEST_LANGUAGES) {
    const localization = buildLocalization(process.env, language);
    const problems = await AppManifestUtils.validateAgainstSchema(localization as never, schemaForLocalization as never);
    if (problems.length > 0) throw new Error(`The ${language} localization does not match the Teams schema:\n  - ${problems.join('\n  - ')}`);
    zip.addFile(`${language}.json`, Buffer.from(JSON.stringify(localization, null, 2)));
  }
  zip.addLocalFile(path.join(MANIFEST_DIR, 'color.png'));
  zip.addLocalFile(path.join(MANIFEST_DIR, 'outline.png'));
  const out = path.join(MANIFEST_DIR, 'build', 'appPackage.zip');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  zip.writeZip(out);
  console.log(`Wrote ${out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
