using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using NUnit.Framework;
using Notify.Client;

namespace Notify.Client.Tests
{
    /// <summary>
    /// The simulator tests/dotnet/run.sh started (its settings arrive as GN_* environment
    /// variables), its control API, and helpers shared by the fixtures.
    /// </summary>
    internal static class Sim
    {
        public static string Env(string name)
        {
            var v = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(v))
            {
                throw new InvalidOperationException("missing " + name + ": run the tests through tests/dotnet/run.sh");
            }
            return v;
        }

        public static string BaseUrl => Env("GN_BASE_URL");
        public static string ControlUrl => Env("GN_CONTROL_URL");
        public static string TestKey => Env("GN_KEY_TEST");
        public static string TeamKey => Env("GN_KEY_TEAM");
        public static string ServiceId => Env("GN_SERVICE_ID");
        public static string SmsTemplate => Env("GN_TPL_SMS");
        public static string SmsVersionedTemplate => Env("GN_TPL_SMS_VERSIONED");
        public static string EmailTemplate => Env("GN_TPL_EMAIL");
        public static string EmailFileTemplate => Env("GN_TPL_EMAIL_FILE");
        public static string LetterTemplate => Env("GN_TPL_LETTER");
        public static string SmsSenderId => Env("GN_SMS_SENDER_ID");
        public static string EmailReplyToId => Env("GN_EMAIL_REPLY_TO_ID");

        /// <summary>The secret part of the test key: what must never appear in output.</summary>
        public static string TestSecret => TestKey.Substring(TestKey.Length - 36);

        public static NotificationClient Client(string key = null, NotificationClientOptions options = null)
        {
            return new NotificationClient(BaseUrl, key ?? TestKey, options);
        }

        public static string Control(string method, string path, string body = "")
        {
            using (var web = new WebClient())
            {
                web.Headers[HttpRequestHeader.ContentType] = "application/json";
                if (method == "GET")
                {
                    return web.DownloadString(ControlUrl + path);
                }
                return web.UploadString(ControlUrl + path, method, body);
            }
        }

        public static void Fault(string json)
        {
            Control("POST", "/faults", json);
        }

        public static void ClearFaults()
        {
            Control("DELETE", "/faults");
        }

        public static Dictionary<string, dynamic> Name(string name)
        {
            return new Dictionary<string, dynamic> { { "name", name } };
        }

        public static Dictionary<string, dynamic> Letter(string name)
        {
            return new Dictionary<string, dynamic>
            {
                { "name", name },
                { "address_line_1", "The Occupier" },
                { "address_line_2", "123 High Street" },
                { "address_line_3", "SW14 6BF" },
            };
        }

        /// <summary>A minimal PDF the simulator accepts.</summary>
        public static byte[] Pdf()
        {
            return System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
        }

        /// <summary>
        /// Waits for a task with a generous limit (a guard against a hang, not a timing
        /// assertion) and rethrows its own exception rather than an AggregateException.
        /// </summary>
        public static T Await<T>(Task<T> task)
        {
            if (!task.Wait(TimeSpan.FromSeconds(60)) && !task.IsCompleted)
            {
                Assert.Fail("the task did not complete within 60 s");
            }
            return task.GetAwaiter().GetResult();
        }

        public static T Throws<T>(Func<Task> call) where T : Exception
        {
            var task = call();
            try
            {
                task.Wait(TimeSpan.FromSeconds(60));
            }
            catch (AggregateException)
            {
            }
            Assert.That(task.IsFaulted, "expected the task to fail, it is " + task.Status);
            var e = task.Exception.InnerException;
            Assert.That(e, Is.InstanceOf<T>());
            return (T)e;
        }
    }
}
