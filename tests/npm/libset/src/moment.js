'use strict';

const moment = require('moment');

module.exports = function momentSection(print) {
  const m = moment.utc('2024-02-29T12:34:56.789Z');
  print('format', m.format('dddd D MMMM YYYY, HH:mm:ss.SSS [UTC] Z'));
  print('add', [m.clone().add(1, 'year').format('YYYY-MM-DD'), m.clone().add(1, 'month').endOf('month').toISOString(),
    m.clone().subtract(3, 'days').startOf('isoWeek').format('ddd YYYY-MM-DD')]);
  const parsed = moment.utc('15/03/2024 08:05', 'DD/MM/YYYY HH:mm', true);
  print('strict parse', [parsed.isValid(), parsed.toISOString(), moment.utc('31/02/2024', 'DD/MM/YYYY', true).isValid()]);
  print('diff', [moment.utc('2024-12-25').diff(moment.utc('2024-01-01'), 'days'),
    moment.utc('2024-12-25').diff(moment.utc('2023-06-01'), 'months', true).toFixed(4)]);
  print('duration', [moment.duration(3725, 'seconds').humanize(), moment.duration({ hours: 26, minutes: 3 }).toISOString(),
    moment.duration(90, 'minutes').asHours()]);
  print('offset', [moment.utc('2024-07-01T22:30:00Z').utcOffset('+02:00').format(),
    moment.parseZone('2024-07-01T10:00:00-05:00').utc().format('YYYY-MM-DD HH:mm')]);
  moment.locale('fr');
  print('fr', [m.clone().locale('fr').format('LLLL'), moment.utc('2024-05-01').format('dddd Do MMMM'), moment.duration(2, 'days').humanize(true)]);
  moment.locale('de');
  print('de', moment.utc('2024-10-03').format('dddd, D. MMMM YYYY'));
  moment.locale('en');
  print('calendar', moment.utc('2024-03-10T09:00:00Z').from(moment.utc('2024-03-12T09:00:00Z')));
  print('unix', [moment.unix(1700000000).utc().format('YYYY-MM-DDTHH:mm:ssZ'), moment.utc([2024, 0, 31]).valueOf()]);
  print('week', [m.isoWeek(), m.week(), m.dayOfYear(), m.quarter(), moment.utc('2024-01-01').isLeapYear()]);
};
