using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Dst;

/// <summary>Zones whose rules changed in the last decade, as the tz database records them: Turkey moved its 2015 fall-back
/// to 8 November and stopped changing clocks in September 2016 (+03 all year); Venezuela went from -04:30 to -04:00 on
/// 1 May 2016 at 02:30; North Korea went from +09:00 to +08:30 on 15 August 2015 (midnight back to 23:30) and back to
/// +09:00 on 5 May 2018 (23:30 forward to midnight); Chile changes at midnight and postponed its 2022 spring-forward
/// from 4 to 11 September.</summary>
[TestFixture]
public sealed class When_a_zone_changed_its_rules
{
    [Test]
    public void Should_repeat_nothing_in_Istanbul_in_autumn_2016_after_Turkey_stopped_changing_clocks()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("*/30 3 * * *", "Europe/Istanbul", "2016-10-30T00:00:00+03:00", "2016-10-30T12:00:00+03:00"), Is.EqualTo(new[]
            {
                "2016-10-30T03:00:00+03:00", "2016-10-30T03:30:00+03:00",
            }));
            Assert.That(Cron("0 12 1 * *", "Europe/Istanbul", "2016-08-01T00:00:00+03:00", "2017-01-01T12:00:00+03:00"), Is.EqualTo(new[]
            {
                "2016-08-01T12:00:00+03:00", "2016-09-01T12:00:00+03:00", "2016-10-01T12:00:00+03:00", "2016-11-01T12:00:00+03:00",
                "2016-12-01T12:00:00+03:00", "2017-01-01T12:00:00+03:00",
            }));
        });
    }

    [Test]
    public void Should_follow_Istanbuls_moved_2015_fall_back_and_its_last_spring_forward_in_2016()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("*/30 3 * * *", "Europe/Istanbul", "2015-11-08T00:00:00+03:00", "2015-11-08T12:00:00+02:00"), Is.EqualTo(new[]
            {
                "2015-11-08T03:00:00+03:00", "2015-11-08T03:30:00+03:00", "2015-11-08T03:00:00+02:00", "2015-11-08T03:30:00+02:00",
            }));
            Assert.That(Cron("30 3 * * *", "Europe/Istanbul", "2015-11-07T12:00:00+03:00", "2015-11-09T12:00:00+02:00"), Is.EqualTo(new[]
            {
                "2015-11-08T03:30:00+03:00", "2015-11-09T03:30:00+02:00",
            }));
            Assert.That(Cron("30 3 * * *", "Europe/Istanbul", "2016-03-26T12:00:00+02:00", "2016-03-28T12:00:00+03:00"), Is.EqualTo(new[]
            {
                "2016-03-27T04:00:00+03:00", "2016-03-28T03:30:00+03:00",
            }));
        });
    }

    [Test]
    public void Should_run_a_time_skipped_by_Caracas_half_hour_change_once_at_the_end_of_the_gap()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("45 2 * * *", "America/Caracas", "2016-04-30T00:00:00-04:30", "2016-05-02T12:00:00-04:00"), Is.EqualTo(new[]
            {
                "2016-04-30T02:45:00-04:30", "2016-05-01T03:00:00-04:00", "2016-05-02T02:45:00-04:00",
            }));
            Assert.That(Cron("*/15 * * * *", "America/Caracas", "2016-05-01T02:00:00-04:30", "2016-05-01T03:15:00-04:00"), Is.EqualTo(new[]
            {
                "2016-05-01T02:15:00-04:30", "2016-05-01T03:00:00-04:00", "2016-05-01T03:15:00-04:00",
            }));
        });
    }

    [Test]
    public void Should_treat_Pyongyangs_standard_offset_changes_like_dst_changes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("45 23 * * *", "Asia/Pyongyang", "2015-08-14T12:00:00+09:00", "2015-08-15T12:00:00+08:30"), Is.EqualTo(new[]
            {
                "2015-08-14T23:45:00+09:00",
            }));
            Assert.That(Cron("*/15 23 * * *", "Asia/Pyongyang", "2015-08-14T22:50:00+09:00", "2015-08-15T12:00:00+08:30"), Is.EqualTo(new[]
            {
                "2015-08-14T23:00:00+09:00", "2015-08-14T23:15:00+09:00", "2015-08-14T23:30:00+09:00", "2015-08-14T23:45:00+09:00",
                "2015-08-14T23:30:00+08:30", "2015-08-14T23:45:00+08:30",
            }));
            Assert.That(Cron("45 23 * * *", "Asia/Pyongyang", "2018-05-04T12:00:00+08:30", "2018-05-06T12:00:00+09:00"), Is.EqualTo(new[]
            {
                "2018-05-05T00:00:00+09:00", "2018-05-05T23:45:00+09:00",
            }));
        });
    }

    [Test]
    public void Should_run_midnight_at_one_when_Santiago_skips_midnight_and_follow_the_postponed_2022_change()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("0 0 * * *", "America/Santiago", "2030-09-06T12:00:00-04:00", "2030-09-09T12:00:00-03:00"), Is.EqualTo(new[]
            {
                "2030-09-07T00:00:00-04:00", "2030-09-08T01:00:00-03:00", "2030-09-09T00:00:00-03:00",
            }));
            Assert.That(Cron("0 0 * * SUN", "America/Santiago", "2022-09-01T00:00:00-04:00", "2022-09-19T00:00:00-03:00"), Is.EqualTo(new[]
            {
                "2022-09-04T00:00:00-04:00", "2022-09-11T01:00:00-03:00", "2022-09-18T00:00:00-03:00",
            }));
        });
    }

    [Test]
    public void Should_run_a_fixed_time_once_and_step_minutes_twice_in_Santiagos_repeated_hour_before_midnight()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("30 23 * * *", "America/Santiago", "2030-04-06T12:00:00-03:00", "2030-04-07T23:59:00-04:00"), Is.EqualTo(new[]
            {
                "2030-04-06T23:30:00-03:00", "2030-04-07T23:30:00-04:00",
            }));
            Assert.That(Cron("*/30 23 * * *", "America/Santiago", "2030-04-06T12:00:00-03:00", "2030-04-07T00:00:00-04:00"), Is.EqualTo(new[]
            {
                "2030-04-06T23:00:00-03:00", "2030-04-06T23:30:00-03:00", "2030-04-06T23:00:00-04:00", "2030-04-06T23:30:00-04:00",
            }));
        });
    }
}
