// Receiving GOV.UK Notify callbacks with HttpListener (no web framework).
//
// Notify POSTs a delivery receipt to your callback URL when a message reaches its final status,
// and a received text to your inbound URL when someone texts your number, with the header
// "Authorization: Bearer <token>". This listener checks the token (401 if wrong), parses the body
// (400 if it is not the payload expected) and hands the typed payload to your code:
//
//   using (var listener = new CallbackListener(token, r => Console.WriteLine(r.id + " " + r.status),
//                                              t => Console.WriteLine(t.message)))
//   {
//       listener.Start(8000);   // 0 picks a free port; listener.Url is the address
//       ...                     // configure Url + "notify/delivery-receipts" and
//   }                           // Url + "notify/received-texts" in Notify
//
// In ASP.NET Core the body of an endpoint is the same two calls:
//   NotifyCallbacks.CheckBearerToken(Request.Headers["Authorization"], token);  // CallbackAuthException -> 401
//   var receipt = NotifyCallbacks.ParseDeliveryReceipt(body);                 // InvalidCallbackException -> 400
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Notify.Callbacks;

namespace Notify.Examples
{
    /// <summary>An HTTP server on 127.0.0.1 for Notify's two callbacks.</summary>
    public sealed class CallbackListener : IDisposable
    {
        private readonly string token;
        private readonly Action<DeliveryReceipt> onDeliveryReceipt;
        private readonly Action<ReceivedTextCallback> onReceivedText;
        private HttpListener listener;
        private Thread loop;

        /// <summary>A listener that accepts callbacks carrying <paramref name="token"/>.</summary>
        public CallbackListener(string token, Action<DeliveryReceipt> onDeliveryReceipt, Action<ReceivedTextCallback> onReceivedText)
        {
            this.token = token;
            this.onDeliveryReceipt = onDeliveryReceipt;
            this.onReceivedText = onReceivedText;
        }

        /// <summary>The address it listens on, e.g. <c>http://127.0.0.1:8000/</c>.</summary>
        public string Url { get; private set; }

        /// <summary>Starts listening on <paramref name="port"/> (0: a free port) and serving on a background thread.</summary>
        public void Start(int port)
        {
            for (var attempt = 0; ; attempt++)
            {
                var p = port != 0 ? port : FreePort();
                var url = "http://127.0.0.1:" + p + "/";
                listener = new HttpListener();
                listener.Prefixes.Add(url);
                try
                {
                    listener.Start();
                    Url = url;
                    break;
                }
                catch (HttpListenerException) when (port == 0 && attempt < 5)
                {
                    listener.Close(); // the free port was taken meanwhile: try another
                }
            }
            var serving = listener;
            loop = new Thread(() => Serve(serving)) { IsBackground = true, Name = "notify-callbacks" };
            loop.Start();
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        private void Serve(HttpListener listener)
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = listener.GetContext();
                }
                catch (Exception e) when (e is HttpListenerException || e is ObjectDisposedException || e is InvalidOperationException)
                {
                    return; // stopped
                }
                try
                {
                    context.Response.StatusCode = Handle(context.Request);
                }
                catch (Exception)
                {
                    context.Response.StatusCode = 500; // your handler failed: Notify retries
                }
                context.Response.Close();
            }
        }

        private int Handle(HttpListenerRequest request)
        {
            var path = request.Url.AbsolutePath;
            var receipt = path == "/notify/delivery-receipts";
            if (!receipt && path != "/notify/received-texts")
            {
                return 404;
            }
            if (request.HttpMethod != "POST")
            {
                return 405;
            }
            try
            {
                NotifyCallbacks.CheckBearerToken(request.Headers["Authorization"], token);
            }
            catch (CallbackAuthException)
            {
                return 401;
            }
            byte[] body;
            using (var buffer = new MemoryStream())
            {
                request.InputStream.CopyTo(buffer);
                body = buffer.ToArray();
            }
            try
            {
                if (receipt)
                {
                    onDeliveryReceipt(NotifyCallbacks.ParseDeliveryReceipt(body));
                }
                else
                {
                    onReceivedText(NotifyCallbacks.ParseReceivedText(body));
                }
            }
            catch (InvalidCallbackException)
            {
                return 400;
            }
            return 200;
        }

        /// <summary>Stops listening.</summary>
        public void Dispose()
        {
            if (listener != null)
            {
                listener.Close();
                listener = null;
            }
            loop?.Join(5000);
        }
    }
}
