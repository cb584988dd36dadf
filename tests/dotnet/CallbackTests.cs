using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using NUnit.Framework;
using Notify.Callbacks;
using Notify.Examples;
using Notify.Exceptions;
using Notify.Internal;

namespace Notify.Client.Tests
{
    /// <summary>
    /// NotifyCallbacks: parsing both payloads, the bearer-token check and its exceptions; and the
    /// HttpListener example (examples/dotnet/CallbackListener.cs) driven end to end by the
    /// simulator's callbacks: a message sent through NotificationClient comes back as a verified,
    /// parsed delivery receipt with the same id and status, a received text likewise, and a wrong
    /// token is refused with 401.
    /// </summary>
    [TestFixture]
    public class CallbackTests
    {
        private const string Token = "cb-token-0123456789abcdef";

        private const string Receipt =
            "{\"id\":\"740e5834-3a29-46b4-9a6f-16142fde533a\",\"reference\":null,\"to\":\"07700900123\"," +
            "\"status\":\"delivered\",\"created_at\":\"2017-05-14T12:15:30.000000Z\"," +
            "\"completed_at\":\"2017-05-14T12:15:30.000000Z\",\"sent_at\":null,\"notification_type\":\"sms\"," +
            "\"template_id\":\"f33517ff-2a88-4f6e-b855-c550268ce08a\",\"template_version\":3}";

        private const string Text =
            "{\"id\":\"b51f638b-4295-46e0-a06e-cd41eee7c33b\",\"source_number\":\"447700912345\"," +
            "\"destination_number\":\"07700987654\",\"message\":\"Hello Notify!\"," +
            "\"date_received\":\"2017-05-14T12:15:30.000000Z\"}";

        [Test]
        public void ParsesADeliveryReceiptFromBytesAndText()
        {
            foreach (var r in new[] { NotifyCallbacks.ParseDeliveryReceipt(Receipt), NotifyCallbacks.ParseDeliveryReceipt(Encoding.UTF8.GetBytes(Receipt)) })
            {
                Assert.AreEqual("740e5834-3a29-46b4-9a6f-16142fde533a", r.id);
                Assert.IsNull(r.reference);
                Assert.AreEqual("07700900123", r.to);
                Assert.AreEqual("delivered", r.status);
                Assert.AreEqual("2017-05-14T12:15:30.000000Z", r.createdAt);
                Assert.AreEqual("2017-05-14T12:15:30.000000Z", r.completedAt);
                Assert.IsNull(r.sentAt);
                Assert.AreEqual("sms", r.notificationType);
                Assert.AreEqual("f33517ff-2a88-4f6e-b855-c550268ce08a", r.templateId);
                Assert.AreEqual(3, r.templateVersion);
            }
        }

        [Test]
        public void ParsesAReceivedText()
        {
            var t = NotifyCallbacks.ParseReceivedText(Text);
            Assert.AreEqual("b51f638b-4295-46e0-a06e-cd41eee7c33b", t.id);
            Assert.AreEqual("447700912345", t.sourceNumber);
            Assert.AreEqual("07700987654", t.destinationNumber);
            Assert.AreEqual("Hello Notify!", t.message);
            Assert.AreEqual("2017-05-14T12:15:30.000000Z", t.dateReceived);
        }

        [Test]
        public void OtherBodiesThrowInvalidCallbackException()
        {
            foreach (var body in new[] { "", "not json", "{}", "[]", Text, Receipt.Replace("\"template_version\":3", "\"template_version\":\"3\"") })
            {
                var e = Assert.Throws<InvalidCallbackException>(() => NotifyCallbacks.ParseDeliveryReceipt(body), body);
                Assert.IsInstanceOf<NotifyClientException>(e);
                Assert.AreEqual(NotifyErrorKind.Argument, e.Kind);
                Assert.AreEqual("body", e.Field);
                Assert.IsNull(e.StatusCode);
                Assert.That(e.Message, Is.StringContaining("callback payload"));
            }
            Assert.Throws<InvalidCallbackException>(() => NotifyCallbacks.ParseReceivedText(Receipt));
            Assert.Throws<InvalidCallbackException>(() => NotifyCallbacks.ParseReceivedText(new byte[] { 0xff, 0xfe }));
            Assert.Throws<ArgumentNullException>(() => NotifyCallbacks.ParseDeliveryReceipt((string)null));
        }

        [Test]
        public void VerifyBearerToken()
        {
            Assert.IsTrue(NotifyCallbacks.VerifyBearerToken("Bearer " + Token, Token));
            Assert.IsTrue(NotifyCallbacks.VerifyBearerToken("bearer " + Token, Token));
            Assert.IsFalse(NotifyCallbacks.VerifyBearerToken("Bearer " + Token + "x", Token));
            Assert.IsFalse(NotifyCallbacks.VerifyBearerToken("Bearer " + Token.Substring(0, Token.Length - 1) + "X", Token));
            Assert.IsFalse(NotifyCallbacks.VerifyBearerToken("Basic " + Token, Token));
            Assert.IsFalse(NotifyCallbacks.VerifyBearerToken(Token, Token));
            Assert.IsFalse(NotifyCallbacks.VerifyBearerToken("Bearer ", ""));
            Assert.IsFalse(NotifyCallbacks.VerifyBearerToken(null, Token));
            Assert.IsFalse(NotifyCallbacks.VerifyBearerToken("Bearer " + Token, null));
            Assert.IsFalse(NotifyCallbacks.VerifyBearerToken("Bearer a\0", "a\0"));
        }

        [Test]
        public void CheckBearerTokenThrowsCallbackAuthExceptionWithoutTheTokens()
        {
            var cases = new[]
            {
                new[] { null, Token, "no Authorization header" },
                new[] { "Bearer wrong-token-value", Token, "does not carry the expected bearer token" },
                new[] { "Bearer " + Token, "", "no expected callback token" },
            };
            foreach (var c in cases)
            {
                var e = Assert.Throws<CallbackAuthException>(() => NotifyCallbacks.CheckBearerToken(c[0], c[1]));
                Assert.IsInstanceOf<NotifyClientException>(e);
                Assert.IsNotInstanceOf<InvalidCallbackException>(e);
                Assert.AreEqual(NotifyErrorKind.Auth, e.Kind);
                Assert.IsNull(e.StatusCode);
                Assert.That(e.Message, Is.StringContaining(c[2]));
                foreach (var text in new[] { e.Message, e.ToString() })
                {
                    Assert.That(text, Is.Not.StringContaining(Token));
                    Assert.That(text, Is.Not.StringContaining("wrong-token-value"));
                }
            }
            NotifyCallbacks.CheckBearerToken("Bearer " + Token, Token);
        }

        // ---- examples/dotnet/CallbackListener.cs, end to end -----------------------------------

        private CallbackListener listener;
        private BlockingCollection<DeliveryReceipt> receipts;
        private BlockingCollection<ReceivedTextCallback> texts;

        private void StartListener()
        {
            receipts = new BlockingCollection<DeliveryReceipt>();
            texts = new BlockingCollection<ReceivedTextCallback>();
            listener = new CallbackListener(Token, receipts.Add, texts.Add);
            listener.Start(0);
            Sim.Control("POST", "/callbacks", Json.Object(
                Json.Member("url", listener.Url + "notify/delivery-receipts"),
                Json.Member("token", Token),
                Json.Member("inbound_url", listener.Url + "notify/received-texts")));
        }

        [TearDown]
        public void StopListener()
        {
            if (listener != null)
            {
                Sim.Control("POST", "/callbacks", "{}");
                listener.Dispose();
                listener = null;
            }
        }

        private static T Take<T>(BlockingCollection<T> from)
        {
            T item;
            Assert.IsTrue(from.TryTake(out item, TimeSpan.FromSeconds(30)), "the listener received a callback within 30 s");
            return item;
        }

        private static int Post(string url, string body, string authorization)
        {
            var request = (HttpWebRequest)WebRequest.Create(url);
            request.Method = "POST";
            request.ContentType = "application/json";
            if (authorization != null)
            {
                request.Headers[HttpRequestHeader.Authorization] = authorization;
            }
            var bytes = Encoding.UTF8.GetBytes(body);
            using (var s = request.GetRequestStream())
            {
                s.Write(bytes, 0, bytes.Length);
            }
            try
            {
                using (var response = (HttpWebResponse)request.GetResponse())
                {
                    return (int)response.StatusCode;
                }
            }
            catch (WebException e) when (e.Response is HttpWebResponse)
            {
                using (var response = (HttpWebResponse)e.Response)
                {
                    return (int)response.StatusCode;
                }
            }
        }

        [Test]
        public void TheListenerReceivesTheDeliveryReceiptOfEachMessageSent()
        {
            StartListener();
            var client = Sim.Client();
            // With a test key, 07700900002 ends in permanent-failure and other numbers in delivered.
            var sent = new Dictionary<string, string>();
            foreach (var c in new[] { new[] { "07700900002", "permanent-failure" }, new[] { "07700900123", "delivered" } })
            {
                var response = client.SendSms(c[0], Sim.SmsTemplate, Sim.Name("Ada"), "ref-" + c[1]);
                sent[response.id] = c[1];
            }
            for (var i = 0; i < 2; i++)
            {
                var r = Take(receipts);
                Assert.IsTrue(sent.ContainsKey(r.id), r.id);
                Assert.AreEqual(sent[r.id], r.status);
                Assert.AreEqual("ref-" + r.status, r.reference);
                Assert.AreEqual(Sim.SmsTemplate, r.templateId);
                Assert.AreEqual(client.GetNotificationById(r.id).status, r.status);
                sent.Remove(r.id);
            }
            Assert.IsEmpty(sent);
        }

        [Test]
        public void TheListenerReceivesAReceivedText()
        {
            StartListener();
            var created = Json.ParseObject(Sim.Control("POST", "/received-texts", "[{\"user_number\":\"447700900111\",\"content\":\"Hi from a phone\"}]"));
            var first = (Dictionary<string, object>)((List<object>)created["received_text_messages"])[0];
            var t = Take(texts);
            Assert.AreEqual(first["id"], t.id);
            Assert.AreEqual("Hi from a phone", t.message);
            Assert.AreEqual("447700900111", t.sourceNumber);
        }

        [Test]
        public void TheListenerRefusesAWrongTokenAndABadBody()
        {
            StartListener();
            var url = listener.Url + "notify/delivery-receipts";
            Assert.AreEqual(401, Post(url, Receipt, "Bearer not-the-token"));
            Assert.AreEqual(401, Post(url, Receipt, null));
            Assert.AreEqual(400, Post(url, "{}", "Bearer " + Token));
            Assert.AreEqual(400, Post(listener.Url + "notify/received-texts", Receipt, "Bearer " + Token));

            // The simulator configured with another token: its callback is refused, not retried.
            Sim.Control("POST", "/callbacks", Json.Object(Json.Member("url", url), Json.Member("token", "not-the-token")));
            var id = Sim.Client().SendSms("07700900123", Sim.SmsTemplate, Sim.Name("Ada")).id;
            Dictionary<string, object> record = null;
            for (var i = 0; i < 600 && record == null; i++)
            {
                foreach (Dictionary<string, object> rec in (List<object>)Json.Parse(Sim.Control("GET", "/callbacks/log")))
                {
                    var payload = (Dictionary<string, object>)rec["payload"];
                    if ((string)payload["id"] == id && (bool)rec["finished"])
                    {
                        record = rec;
                    }
                }
                if (record == null)
                {
                    Thread.Sleep(50);
                }
            }
            Assert.IsNotNull(record, "the simulator's callback finished");
            Assert.AreEqual(401L, record["last_status"]);
            Assert.AreEqual(false, record["delivered"]);
            Assert.AreEqual(1L, record["attempts"]);
            Assert.AreEqual(0, receipts.Count, "nothing was accepted");
            Assert.AreEqual(200, Post(url, Receipt, "Bearer " + Token));
            Assert.AreEqual("740e5834-3a29-46b4-9a6f-16142fde533a", Take(receipts).id);
        }
    }
}
