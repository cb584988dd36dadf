using System;
using System.Diagnostics;
using System.Threading;
using NUnit.Framework;
using Notify.Client;
using Notify.Exceptions;

namespace Notify.Client.Tests
{
    /// <summary>
    /// WaitForStatus / WaitForStatusAsync (with a CancellationToken) and the pacing options
    /// reaching the native library. The simulator runs with --status-delay-ms 0, so a
    /// notification is final as soon as it is sent.
    /// </summary>
    [TestFixture]
    public class WaitTests
    {
        private static readonly WaitForStatusOptions Delivered = new WaitForStatusOptions
        {
            Until = new[] { "delivered" },
            Timeout = TimeSpan.FromSeconds(60),
            PollInterval = TimeSpan.FromMilliseconds(50),
        };

        private static string Send(NotificationClient c, string number)
        {
            return c.SendSms(number, Sim.SmsTemplate, Sim.Name("Wait")).id;
        }

        [Test]
        public void WaitForStatusReturnsTheFinalNotification()
        {
            using (var c = Sim.Client())
            {
                var id = Send(c, "07700900002");
                var n = c.WaitForStatus(id);
                Assert.That(n.id, Is.EqualTo(id));
                Assert.That(n.status, Is.EqualTo("permanent-failure"));
            }
        }

        [Test]
        public void WaitForStatusTimesOutWithTheLastStatus()
        {
            using (var c = Sim.Client())
            {
                var id = Send(c, "07700900002");
                var e = Assert.Throws<NotifyClientException>(() => c.WaitForStatus(id, new WaitForStatusOptions
                {
                    Until = new[] { "delivered" },
                    Timeout = TimeSpan.FromMilliseconds(300),
                    PollInterval = TimeSpan.FromMilliseconds(20),
                }));
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Timeout));
                StringAssert.Contains("did not reach delivered within 300 ms", e.Message);
                StringAssert.Contains("last status: permanent-failure", e.Message);
            }
        }

        [Test]
        public void WaitForStatusIsCancelledByItsToken()
        {
            using (var c = Sim.Client())
            using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            {
                var id = Send(c, "07700900002");
                var watch = Stopwatch.StartNew();
                Assert.Throws<OperationCanceledException>(() => c.WaitForStatus(id, Delivered, cts.Token));
                Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
            }
        }

        [Test]
        public void WaitForStatusAsyncAndItsCancellation()
        {
            using (var c = Sim.Client())
            {
                var id = Send(c, "07700900003");
                var n = c.WaitForStatusAsync(id).Result;
                Assert.That(n.status, Is.EqualTo("temporary-failure"));
                using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
                {
                    var watch = Stopwatch.StartNew();
                    var task = c.WaitForStatusAsync(id, Delivered, cts.Token);
                    var e = Assert.Throws<AggregateException>(() => task.Wait());
                    Assert.That(e.InnerException, Is.InstanceOf<OperationCanceledException>());
                    Assert.That(task.IsCanceled, Is.True);
                    Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
                }
                var refused = c.WaitForStatusAsync(id, new WaitForStatusOptions { Until = new[] { "deliverd" } });
                var a = Assert.Throws<AggregateException>(() => refused.Wait());
                var inner = a.InnerException as NotifyClientException;
                Assert.That(inner, Is.Not.Null);
                Assert.That(inner.Kind, Is.EqualTo(NotifyErrorKind.Argument));
            }
        }

        [Test]
        public void PacingReachesTheLibrary()
        {
            // 20 sends a second: one every 50 ms, so 6 sends take at least 250 ms.
            var options = new NotificationClientOptions { PaceLimit = 20, PaceWindow = TimeSpan.FromSeconds(1) };
            using (var c = Sim.Client(options: options))
            {
                var watch = Stopwatch.StartNew();
                for (int i = 0; i < 6; i++)
                {
                    Send(c, "07700900123");
                }
                Assert.That(watch.Elapsed.TotalMilliseconds, Is.GreaterThanOrEqualTo(245));
            }
            var refused = Assert.Throws<NotifyAuthException>(() => Sim.Client(options: new NotificationClientOptions { PaceLimit = 0 }));
            StringAssert.Contains("pace limit must be at least 1", refused.Message);
            using (var c = Sim.Client(options: new NotificationClientOptions { PaceLimit = NotificationClientOptions.NotifyRateLimit }))
            {
                Send(c, "07700900123");
            }
        }
    }
}
