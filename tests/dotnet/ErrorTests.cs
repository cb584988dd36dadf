using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using NUnit.Framework;
using Notify.Client;
using Notify.Exceptions;
using Notify.Internal;

namespace Notify.Client.Tests
{
    /// <summary>
    /// Every error kind, from the synchronous and the asynchronous methods, with the official
    /// message format and our Kind, StatusCode, Errors and Retryable.
    /// </summary>
    [TestFixture]
    public class ErrorTests
    {
        private NotificationClient client;

        [TestFixtureSetUp]
        public void Start()
        {
            // No retries: each fault below answers once per request.
            client = Sim.Client(options: new NotificationClientOptions { MaxRetries = 0, Timeout = TimeSpan.FromSeconds(2) });
        }

        [TestFixtureTearDown]
        public void Stop()
        {
            client.Dispose();
        }

        [TearDown]
        public void Clear()
        {
            Sim.ClearFaults();
        }

        private static void Both(Func<NotificationClient, object> sync, Func<NotificationClient, System.Threading.Tasks.Task> async,
            NotificationClient c, Action<NotifyClientException> check)
        {
            check(Assert.Throws<NotifyClientException>(() => sync(c)));
            check(Sim.Throws<NotifyClientException>(() => async(c)));
        }

        [Test]
        public void ArgumentErrorsNameTheFieldAndSendNothing()
        {
            var before = Sim.Control("GET", "/requests");
            Both(c => c.SendSms("07700900123", "not-a-uuid"), c => c.SendSmsAsync("07700900123", "not-a-uuid"), client, e =>
            {
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Argument));
                Assert.That(e.Field, Is.EqualTo("template_id"));
                // Notify's answer for this input, as the official client reports it after sending.
                Assert.That(e.StatusCode, Is.EqualTo(400));
                Assert.That(e.Message, Is.StringStarting("Status code 400. The following errors occured "));
                Assert.That(e.Message, Is.StringContaining("template_id is not a valid UUID"));
                Assert.That(e.Retryable, Is.False);
                Assert.That(e.MayHaveReachedServer, Is.False);
                Assert.That(e.ResultCode, Is.InRange(1001, 1999));
            });
            Both(c => c.GetNotificationById("nope"), c => c.GetNotificationByIdAsync("nope"), client,
                e => Assert.That(e.Field, Is.EqualTo("notification_id")));
            Both(c => c.SendPrecompiledLetter("ref", Sim.Pdf(), "third"), c => c.SendPrecompiledLetterAsync("ref", Sim.Pdf(), "third"), client,
                e => Assert.That(e.Field, Is.EqualTo("postage")));
            Assert.That(Sim.Control("GET", "/requests"), Is.EqualTo(before), "nothing reached the simulator");
        }

        [Test]
        public void PersonalisationWithoutAJsonFormIsAnArgumentError()
        {
            var p = new Dictionary<string, dynamic> { { "name", new object() } };
            Assert.Throws<ArgumentException>(() => client.SendSms("07700900123", Sim.SmsTemplate, p));
            var e = Sim.Throws<ArgumentException>(() => client.SendSmsAsync("07700900123", Sim.SmsTemplate, p));
            Assert.That(e.Message, Is.StringContaining("personalisation.name"));
        }

        [Test]
        public void ValidationErrorHasTheOfficialMessage()
        {
            Both(c => c.SendSms("07700900123", Sim.SmsTemplate), c => c.SendSmsAsync("07700900123", Sim.SmsTemplate), client, e =>
            {
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Validation));
                Assert.That(e.StatusCode, Is.EqualTo(400));
                Assert.That(e.Errors[0].Error, Is.EqualTo("BadRequestError"));
                Assert.That(e.Errors[0].Message, Is.EqualTo("Missing personalisation: name"));
                Assert.That(e.Message, Is.StringStarting("Status code 400. The following errors occured ["));
                Assert.That(e.Message, Is.StringContaining("\"message\": \"Missing personalisation: name\""));
                Assert.That(e.Retryable, Is.False);
            });
        }

        [Test]
        public void NotFound()
        {
            var id = Guid.NewGuid().ToString();
            Both(c => c.GetNotificationById(id), c => c.GetNotificationByIdAsync(id), client, e =>
            {
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.NotFound));
                Assert.That(e.StatusCode, Is.EqualTo(404));
                Assert.That(e.Message, Is.StringContaining("No result found"));
            });
        }

        [Test]
        public void AuthErrorForAKeyNotifyDoesNotKnow()
        {
            var wrongSecret = "wrong-" + Sim.ServiceId + "-" + Guid.NewGuid();
            using (var c = Sim.Client(wrongSecret))
            {
                Both(x => x.GetAllTemplates(), x => x.GetAllTemplatesAsync(), c, e =>
                {
                    Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Auth));
                    Assert.That(e.StatusCode, Is.EqualTo(403));
                    Assert.That(e.Errors[0].Error, Is.EqualTo("AuthError"));
                    Assert.That(e.Message, Is.StringStarting("Status code 403."));
                });
            }
        }

        [Test]
        public void RateLimited()
        {
            Sim.Fault("{\"path_prefix\": \"/v2/templates\", \"action\": \"respond\", \"status\": 429, "
                + "\"body\": \"{\\\"status_code\\\": 429, \\\"errors\\\": [{\\\"error\\\": \\\"RateLimitError\\\", \\\"message\\\": \\\"Exceeded rate limit for key type TEST of 3000 requests per 60 seconds\\\"}]}\"}");
            Both(c => c.GetAllTemplates(), c => c.GetAllTemplatesAsync(), client, e =>
            {
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.RateLimited));
                Assert.That(e.StatusCode, Is.EqualTo(429));
                Assert.That(e.Retryable, Is.True);
                Assert.That(e.Message, Is.StringContaining("RateLimitError"));
            });
        }

        [Test]
        public void DailyLimit()
        {
            Sim.Fault("{\"path_prefix\": \"/v2/notifications/sms\", \"action\": \"respond\", \"status\": 429, "
                + "\"body\": \"{\\\"status_code\\\": 429, \\\"errors\\\": [{\\\"error\\\": \\\"TooManyRequestsError\\\", \\\"message\\\": \\\"Exceeded send limits (250000) for today\\\"}]}\"}");
            Both(c => c.SendSms("07700900123", Sim.SmsTemplate, Sim.Name("A")), c => c.SendSmsAsync("07700900123", Sim.SmsTemplate, Sim.Name("A")), client, e =>
            {
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.DailyLimit));
                Assert.That(e.StatusCode, Is.EqualTo(429));
                Assert.That(e.Retryable, Is.False);
            });
        }

        [Test]
        public void ServerErrorAfterASendIsNotRetryable()
        {
            Sim.Fault("{\"path_prefix\": \"/v2/notifications/sms\", \"action\": \"respond\", \"status\": 500, "
                + "\"body\": \"{\\\"status_code\\\": 500, \\\"errors\\\": [{\\\"error\\\": \\\"Exception\\\", \\\"message\\\": \\\"Internal server error\\\"}]}\"}");
            Both(c => c.SendSms("07700900123", Sim.SmsTemplate, Sim.Name("A")), c => c.SendSmsAsync("07700900123", Sim.SmsTemplate, Sim.Name("A")), client, e =>
            {
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Server));
                Assert.That(e.StatusCode, Is.EqualTo(500));
                Assert.That(e.Retryable, Is.False, "the message may have been accepted");
                Assert.That(e.MayHaveReachedServer, Is.True);
            });
        }

        [Test]
        public void ServerErrorWithAnHtmlBody()
        {
            Sim.Fault("{\"path_prefix\": \"/v2/templates\", \"action\": \"respond\", \"status\": 502, \"body\": \"<html>bad gateway</html>\", \"content_type\": \"text/html\"}");
            Both(c => c.GetAllTemplates(), c => c.GetAllTemplatesAsync(), client, e =>
            {
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Server));
                Assert.That(e.StatusCode, Is.EqualTo(502));
                Assert.That(e.Retryable, Is.True);
                Assert.That(e.Body, Is.StringContaining("bad gateway"));
                Assert.That(e.Message, Is.StringStarting("Status code 502. Error: "));
            });
        }

        [Test]
        public void OtherHttpStatus()
        {
            Sim.Fault("{\"path_prefix\": \"/v2/templates\", \"action\": \"respond\", \"status\": 405, \"body\": \"method not allowed\", \"content_type\": \"text/plain\"}");
            Both(c => c.GetAllTemplates(), c => c.GetAllTemplatesAsync(), client, e =>
            {
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Http));
                Assert.That(e.StatusCode, Is.EqualTo(405));
            });
        }

        [Test]
        public void InvalidResponse()
        {
            Sim.Fault("{\"path_prefix\": \"/v2/templates\", \"action\": \"respond\", \"status\": 200, \"body\": \"not json\", \"content_type\": \"application/json\"}");
            Both(c => c.GetAllTemplates(), c => c.GetAllTemplatesAsync(), client, e =>
            {
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.InvalidResponse));
                Assert.That(e.Retryable, Is.False);
            });
        }

        [Test]
        public void Transport()
        {
            using (var c = new NotificationClient("http://127.0.0.1:1", Sim.TestKey, new NotificationClientOptions { MaxRetries = 0 }))
            {
                Both(x => x.GetAllTemplates(), x => x.GetAllTemplatesAsync(), c, e =>
                {
                    Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Transport));
                    Assert.That(e.StatusCode, Is.Null);
                    Assert.That(e.Retryable, Is.True);
                    Assert.That(e.MayHaveReachedServer, Is.False);
                });
            }
        }

        [Test]
        public void Timeout()
        {
            Sim.Fault("{\"path_prefix\": \"/v2/templates\", \"action\": \"hang\", \"delay_ms\": 10000}");
            using (var c = Sim.Client(options: new NotificationClientOptions { MaxRetries = 0, Timeout = TimeSpan.FromMilliseconds(300) }))
            {
                Both(x => x.GetAllTemplates(), x => x.GetAllTemplatesAsync(), c, e =>
                {
                    Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Timeout));
                    Assert.That(e.StatusCode, Is.Null);
                });
            }
        }

        [Test]
        public void ConstructorRefusalsAreNotifyAuthExceptions()
        {
            var e = Assert.Throws<NotifyAuthException>(() => new NotificationClient(Sim.BaseUrl, "not a key"));
            Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Argument));
            Assert.That(e.Field, Is.EqualTo("api_key"));
            Assert.Throws<NotifyAuthException>(() => new NotificationClient(Sim.BaseUrl, null));
            var url = Assert.Throws<NotifyAuthException>(() => new NotificationClient("ftp://example.com", Sim.TestKey));
            Assert.That(url.Field, Is.EqualTo("base_url"));
            // Plain http only for loopback: the bearer token would cross the network in clear.
            Assert.Throws<NotifyAuthException>(() => new NotificationClient("http://example.com", Sim.TestKey));
            Assert.That(e, Is.InstanceOf<NotifyClientException>());
        }

        [Test]
        public void DisposedClientThrowsObjectDisposed()
        {
            var c = Sim.Client();
            c.Dispose();
            c.Dispose();
            Assert.Throws<ObjectDisposedException>(() => c.GetAllTemplates());
            Sim.Throws<ObjectDisposedException>(() => c.GetAllTemplatesAsync());
        }

        [DllImport(Native.Library, CallingConvention = CallingConvention.Cdecl, EntryPoint = "govuk_notify_result_kind")]
        private static extern IntPtr ResultKind(uint result);

        [Test]
        public void EveryKindOfTheNativeReportMapsToItsEnumValue()
        {
            var kinds = new Dictionary<string, NotifyErrorKind>
            {
                { "argument", NotifyErrorKind.Argument }, { "auth", NotifyErrorKind.Auth }, { "validation", NotifyErrorKind.Validation },
                { "not_found", NotifyErrorKind.NotFound }, { "rate_limited", NotifyErrorKind.RateLimited }, { "daily_limit", NotifyErrorKind.DailyLimit },
                { "server", NotifyErrorKind.Server }, { "http", NotifyErrorKind.Http }, { "transport", NotifyErrorKind.Transport },
                { "timeout", NotifyErrorKind.Timeout }, { "invalid_response", NotifyErrorKind.InvalidResponse }, { "internal", NotifyErrorKind.Internal },
            };
            Assert.That(kinds.Count, Is.EqualTo(Enum.GetValues(typeof(NotifyErrorKind)).Length));
            // The kinds themselves come from the core (ErrorKind::ALL), asked through the C ABI for
            // every result code: this list, and the enum, cannot fall behind it.
            var native = new HashSet<string>();
            for (uint code = 1; code < 10000; code++)
            {
                var name = Marshal.PtrToStringAnsi(ResultKind(code));
                if (name != "unknown" && name != "ok") native.Add(name);
            }
            Assert.That(native, Is.EquivalentTo(kinds.Keys));
            foreach (var kv in kinds)
            {
                var report = ErrorReport.Parse(9001, "{\"kind\": \"" + kv.Key + "\", \"status_code\": null, \"errors\": [], \"message\": \"m\", \"retryable\": false}");
                Assert.That(report.ToException().Kind, Is.EqualTo(kv.Value), kv.Key);
            }
            var unreadable = ErrorReport.Parse(9002, "garbage").ToException();
            Assert.That(unreadable.Kind, Is.EqualTo(NotifyErrorKind.Internal));
            Assert.That(unreadable.ResultCode, Is.EqualTo(9002));
        }
    }
}
