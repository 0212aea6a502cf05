import { cancel } from './cancel';
import { check } from './check';
import { checkSeveral } from './checkSeveral';
import { choose } from './choose';
import { chooseSeveral } from './chooseSeveral';
import { didNotCatch } from './didNotCatch';
import { dismissDigest } from './dismissDigest';
import { dismissNudge } from './dismissNudge';
import { editId } from './editId';
import { help } from './help';
import { nudge } from './nudge';
import { nudgeDigest } from './nudgeDigest';
import { pickMove } from './pickMove';
import { pickSeveral } from './pickSeveral';
import { remove } from './remove';
import { showChange } from './showChange';
import { showSeveral } from './showSeveral';
import { start } from './start';
import { status } from './status';
import { submit } from './submit';
import { submitSeveral } from './submitSeveral';
import { typedPartnerId } from './typedPartnerId';
import type { Verb } from './verb';
import { welcome } from './welcome';

/**
 * Every verb the bot answers, from a card's Action.Execute or a typed command. Adding one: a handler file here,
 * its card template in cards/, and a test.
 */
export const VERBS: readonly Verb[] = [
  welcome,
  help,
  status,
  start,
  choose,
  editId,
  check,
  typedPartnerId,
  submit,
  pickSeveral,
  pickMove,
  chooseSeveral,
  checkSeveral,
  submitSeveral,
  remove,
  dismissNudge,
  nudge,
  nudgeDigest,
  dismissDigest,
  showChange,
  showSeveral,
  cancel,
  didNotCatch,
];
