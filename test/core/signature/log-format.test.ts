import { InvalidLogFormatError, parseLogFormat, splitHeader } from '../../../shared/src/core/signature';

describe('log format headers', () => {
  it('split each <Field> non-greedily and give the rest to <Content>', () => {
    const format = parseLogFormat('<Date> <Time> <Level> <Component>: <Content>');
    expect(splitHeader('2016-09-28 04:30:31 INFO dfs.DataNode: Receiving block: blk_1 src: /10.0.0.1:50010', format)).toEqual({
      ok: true,
      content: 'Receiving block: blk_1 src: /10.0.0.1:50010',
      header: { Date: '2016-09-28', Time: '04:30:31', Level: 'INFO', Component: 'dfs.DataNode' },
    });
  });

  it('match runs of spaces, regex parts such as optional groups, and strip the line first', () => {
    const format = parseLogFormat('<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>');
    const withPid = splitHeader('Jun 14 15:16:01   combo sshd(pam_unix)[19939]: check pass; user unknown \r', format);
    expect(withPid).toMatchObject({ ok: true, content: 'check pass; user unknown', header: { Component: 'sshd(pam_unix)', PID: '19939' } });
    const withoutPid = splitHeader('Jun 14 15:16:01 combo syslogd: restart', format);
    expect(withoutPid).toMatchObject({ ok: true, content: 'restart', header: { Component: 'syslogd', PID: '' } });
  });

  it('report lines that do not fit the format instead of guessing', () => {
    expect(splitHeader('no header here', parseLogFormat('[<Time>] [<Level>] <Content>'))).toEqual({ ok: false });
  });

  it.each([['<Date> <Time>'], ['<Date> <Date> <Content>'], ['<Date> (<Content>']])('reject the format %j', (format) => {
    expect(() => parseLogFormat(format)).toThrow(InvalidLogFormatError);
  });
});
