using System;
using NUnit.Framework;
using Notify.Client;
using Notify.Exceptions;

namespace Notify.Client.Tests
{
    /// <summary>The API key's secret never appears in ToString or in an exception's message or ToString.</summary>
    [TestFixture]
    public class HygieneTests
    {
        private static void Clean(string text)
        {
            Assert.That(text, Is.Not.StringContaining(Sim.TestSecret));
            Assert.That(text, Is.Not.StringContaining(Sim.TestSecret.Substring(0, 8)));
        }

        [Test]
        public void ClientToStringNamesTheUrlNotTheKey()
        {
            using (var client = Sim.Client())
            {
                Assert.That(client.ToString(), Is.StringContaining(Sim.BaseUrl));
                Clean(client.ToString());
            }
        }

        [Test]
        public void RefusedKeysAreNotEchoed()
        {
            // A key that is almost right: the secret part is not a UUID.
            var broken = Sim.TestKey.Substring(0, Sim.TestKey.Length - 1) + "x";
            var e = Assert.Throws<NotifyAuthException>(() => new NotificationClient(Sim.BaseUrl, broken));
            Clean(e.Message);
            Clean(e.ToString());
            Assert.That(e.Message, Is.Not.StringContaining(broken.Substring(broken.Length - 36)));
        }

        [Test]
        public void ErrorsFromTheServerCarryNoSecretOrToken()
        {
            Sim.Fault("{\"path_prefix\": \"/v2/templates\", \"action\": \"respond\", \"status\": 500, \"body\": \"<html>oops</html>\", \"content_type\": \"text/html\"}");
            try
            {
                using (var client = Sim.Client(options: new NotificationClientOptions { MaxRetries = 0 }))
                {
                    var e = Assert.Throws<NotifyClientException>(() => client.GetAllTemplates());
                    Clean(e.Message);
                    Clean(e.ToString());
                    Assert.That(e.ToString(), Is.Not.StringContaining("Bearer"));
                    var a = Sim.Throws<NotifyClientException>(() => client.GetAllTemplatesAsync());
                    Clean(a.ToString());
                }
            }
            finally
            {
                Sim.ClearFaults();
            }
        }

        [Test]
        public void AuthErrorsCarryNoSecret()
        {
            var other = Sim.TestKey.Substring(0, Sim.TestKey.Length - 36) + Guid.NewGuid();
            using (var client = Sim.Client(other))
            {
                var e = Assert.Throws<NotifyClientException>(() => client.GetAllTemplates());
                Assert.That(e.Kind, Is.EqualTo(NotifyErrorKind.Auth));
                Assert.That(e.ToString(), Is.Not.StringContaining(other.Substring(other.Length - 36)));
                Assert.That(client.ToString(), Is.Not.StringContaining(other.Substring(other.Length - 36)));
            }
        }

        [Test]
        public void OptionsToStringHidesTheProxy()
        {
            var o = new NotificationClientOptions { Proxy = "http://user:pass@127.0.0.1:3128" };
            Assert.That(o.ToString(), Is.Not.StringContaining("pass"));
        }
    }
}
