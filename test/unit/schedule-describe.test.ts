import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from '../../server/src/service/document/document';
import { describeSchedule } from '../../server/src/service/schedule/describe';

function words(schedule: unknown): string | undefined {
  const text = typeof schedule === 'string' ? schedule : JSON.stringify(schedule);
  return describeSchedule(parseDocument('file:///s.polysync.json', 1, text).root);
}

describe('describeSchedule', () => {
  const cases: [unknown, string][] = [
    [{ frequency: 'manual' }, 'manually'],
    [{ frequency: 'continuous' }, 'continuously'],
    [{ frequency: 'hourly', minute: '15' }, 'every hour at :15'],
    [{ frequency: 'hourly', minute: '0' }, 'every hour at :00'],
    [{ frequency: 'daily', hour: '2', minute: '30' }, 'daily at 02:30 UTC'],
    [{ frequency: 'daily', hour: '23', minute: '5' }, 'daily at 23:05 UTC'],
    [{ frequency: 'weekly', day_of_week: 'monday', hour: '6', minute: '0' }, 'weekly on Monday at 06:00 UTC'],
    [{ frequency: 'weekly', day_of_week: '0', hour: '6', minute: '0' }, 'weekly on Sunday at 06:00 UTC'],
    [{ frequency: 'weekly', day_of_week: 'Friday', hour: '18', minute: '45' }, 'weekly on Friday at 18:45 UTC'],
    // Custom schedules: cron fields in words; a missing field means every value.
    [{ frequency: 'custom', minute: '0', hour: '*' }, 'every hour at :00'],
    [{ frequency: 'custom', minute: '*/15' }, 'every 15 minutes'],
    [{ frequency: 'custom' }, 'every minute'],
    [{ frequency: 'custom', minute: '0', hour: '6' }, 'every day at 06:00 UTC'],
    [{ frequency: 'custom', minute: '0', hour: '6', day_of_week: '1-5' }, 'at 06:00 UTC on Monday through Friday'],
    [{ frequency: 'custom', minute: '30', hour: '4', day_of_week: 'sat,sun' }, 'at 04:30 UTC on Saturday and Sunday'],
    [{ frequency: 'custom', minute: '0', hour: '0', day_of_month: '1', month: '1,7' }, 'at 00:00 UTC on day 1 of the month in January and July'],
    [{ frequency: 'custom', minute: '5', hour: '*/2' }, 'every 2 hours at :05'],
    [{ frequency: 'custom', minute: '*/10', hour: '9-17' }, 'every 10 minutes from 09:00 through 17:59 UTC'],
    [{ frequency: 'custom', minute: '0,30', hour: '6,18' }, 'every day at 06:00, 06:30, 18:00 and 18:30 UTC'],
    [{ frequency: 'custom', minute: '*', hour: '3' }, 'every minute during hour 03 UTC'],
    [{ frequency: 'custom', minute: '0', hour: '6', month: '*/3' }, 'every day at 06:00 UTC in every 3rd month'],
    [{ frequency: 'custom', minute: '0', hour: '6', day_of_month: '1', day_of_week: 'mon' }, 'at 06:00 UTC on day 1 of the month or on Monday'],
  ];
  for (const [schedule, expected] of cases) {
    test(`${JSON.stringify(schedule)} reads "${expected}"`, () => {
      assert.equal(words(schedule), expected);
    });
  }

  test('missing time fields are named instead of guessed', () => {
    assert.equal(words({ frequency: 'daily', hour: '6' }), 'daily (minute not set)');
    assert.equal(words({ frequency: 'weekly', minute: '0' }), 'weekly (day_of_week and hour not set)');
    assert.equal(words({ frequency: 'hourly' }), 'every hour (minute not set)');
  });

  test('numbers written as JSON numbers are still read (the API wants strings; diagnostics say so)', () => {
    assert.equal(words('{"frequency": "daily", "hour": 2, "minute": 30}'), 'daily at 02:30 UTC');
  });

  test('nothing for what cannot be read honestly', () => {
    assert.equal(words({ frequency: 'daily', hour: '25', minute: '0' }), undefined);
    assert.equal(words({ frequency: 'weekly', day_of_week: 'funday', hour: '1', minute: '0' }), undefined);
    assert.equal(words({ frequency: 'custom', minute: '61' }), undefined);
    assert.equal(words({ frequency: 'multi' }), undefined);
    assert.equal(words({ frequency: 'runafter' }), undefined);
    assert.equal(words({ hour: '1' }), undefined);
    assert.equal(words('"daily"'), undefined);
    assert.equal(words('{"frequency": '), undefined);
    assert.equal(describeSchedule(undefined), undefined);
  });
});
