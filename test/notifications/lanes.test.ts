import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { runInLanes } from '../../bot/notifications/lanes';

describe('notifications: delivery lanes', () => {
  it('keeps each lane in order, runs lanes side by side, and never more than the limit at once', async () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3', 'd1', 'e1', 'c2'];
    const done: string[] = [];
    let running = 0;
    let most = 0;
    await runInLanes(items, (item) => item[0]!, 3, async (item) => {
      running++;
      most = Math.max(most, running);
      await nextTurn();
      await nextTurn();
      done.push(item);
      running--;
    });
    assert.deepEqual([...done].sort(), [...items].sort());
    for (const lane of ['a', 'b', 'c']) {
      assert.deepEqual(
        done.filter((d) => d[0] === lane),
        items.filter((i) => i[0] === lane),
        `lane ${lane} out of order`,
      );
    }
    assert.equal(most, 3, 'three lanes at once, no more');
  });

  it('finishes every lane when one fails, then throws that failure', async () => {
    const done: string[] = [];
    const failure = new Error('mail server gone');
    await assert.rejects(
      runInLanes(['a1', 'b1', 'a2', 'b2'], (item) => item[0]!, 2, async (item) => {
        await nextTurn();
        if (item === 'a1') throw failure;
        done.push(item);
      }),
      (err) => err === failure,
    );
    assert.deepEqual(done, ['b1', 'b2'], 'lane b ran to its end; lane a stopped at its failure');
  });

  it('does nothing for no items', async () => {
    await runInLanes([], () => 'x', 4, async () => assert.fail('called'));
  });
});
