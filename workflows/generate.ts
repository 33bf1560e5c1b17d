/** `npm run workflows`: writes every workflows/<name>.asl.json from its builder definition (workflows/index.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { definitionFile, render, WORKFLOWS } from './index.js';

for (const [name, definition] of Object.entries(WORKFLOWS)) {
  const file = definitionFile(name);
  const text = render(definition);
  let before: string | undefined;
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    before = undefined;
  }
  if (before === text) {
    console.log(`workflows/${name}.asl.json unchanged`);
  } else {
    writeFileSync(file, text);
    console.log(`workflows/${name}.asl.json written`);
  }
}
