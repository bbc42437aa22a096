/** "Did you mean": the closest known name, offered only for a likely typo. */
import { describe, expect, it } from 'vitest';
import { closestName, didYouMean } from '../../src/yaml/suggest.js';

describe('closestName', () => {
  it.each([
    ['Deploymnet', ['Deployment', 'DaemonSet', 'StatefulSet'], 'Deployment'],
    ['zone-outgae', ['zone-outage', 'node-crash', 'rack-power'], 'zone-outage'],
    ['eu-west-d', ['eu-west-a', 'eu-west-b'], 'eu-west-a'],
    ['heartbeatInterval', ['heartbeatinterval'], 'heartbeatinterval'],
    ['checkout', ['cart', 'frontend'], null],
    ['x', ['y'], 'y'],
    ['ab', [], null],
  ])('%s among %j → %s', (word, known, hit) => {
    expect(closestName(word, known)).toBe(hit);
  });

  it('never offers the word itself, and phrases the hint', () => {
    expect(closestName('a', ['a'])).toBeNull();
    expect(didYouMean('nodeCrash', ['node-crash'])).toBe('; did you mean "node-crash"?');
    expect(didYouMean('totally-different', ['node-crash'])).toBe('');
  });
});
