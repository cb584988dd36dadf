using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Notify.Exceptions;
using Notify.Internal;

namespace Notify.Callbacks
{
    /// <summary>
    /// A delivery receipt: the JSON Notify POSTs to your callback URL when an email or text
    /// message reaches its final status. Timestamps are the strings Notify sent (ISO 8601, UTC).
    /// </summary>
    public sealed class DeliveryReceipt
    {
        /// <summary>The notification's id (as returned when it was sent).</summary>
        public string id;
        /// <summary>Your reference, or null.</summary>
        public string reference;
        /// <summary>The recipient's email address or phone number.</summary>
        public string to;
        /// <summary><c>delivered</c>, <c>permanent-failure</c>, <c>temporary-failure</c> or <c>technical-failure</c>.</summary>
        public string status;
        /// <summary>When Notify accepted the notification.</summary>
        public string createdAt;
        /// <summary>When it reached its final status, or null.</summary>
        public string completedAt;
        /// <summary>When it was sent, or null.</summary>
        public string sentAt;
        /// <summary><c>email</c> or <c>sms</c>.</summary>
        public string notificationType;
        /// <summary>The template's id.</summary>
        public string templateId;
        /// <summary>The template's version.</summary>
        public int templateVersion;
    }

    /// <summary>
    /// A received text message: the JSON Notify POSTs to your inbound callback URL when someone
    /// texts your service's number.
    /// </summary>
    public sealed class ReceivedTextCallback
    {
        /// <summary>The message's id.</summary>
        public string id;
        /// <summary>The sender's number, e.g. <c>447700912345</c>.</summary>
        public string sourceNumber;
        /// <summary>Your service's number.</summary>
        public string destinationNumber;
        /// <summary>The text.</summary>
        public string message;
        /// <summary>When it was received.</summary>
        public string dateReceived;
    }

    /// <summary>
    /// The body of a callback request is not the payload expected (not JSON, a field missing or of
    /// the wrong type): answer the request with 400. A <see cref="NotifyClientException"/> with
    /// <see cref="NotifyErrorKind.Argument"/> and <see cref="NotifyClientException.Field"/> <c>body</c>.
    /// </summary>
    public class InvalidCallbackException : NotifyClientException
    {
        internal InvalidCallbackException(string message, ErrorReport report)
            : base(message, report)
        {
        }
    }

    /// <summary>
    /// A callback request's <c>Authorization</c> header is missing or does not carry the expected
    /// bearer token: answer the request with 401. A <see cref="NotifyClientException"/> with
    /// <see cref="NotifyErrorKind.Auth"/> and no status code (Notify was not called). The message
    /// never quotes either token.
    /// </summary>
    public class CallbackAuthException : NotifyClientException
    {
        internal CallbackAuthException(string message, ErrorReport report)
            : base(message, report)
        {
        }
    }

    /// <summary>
    /// Reading the callbacks Notify POSTs to your service. Check the request's <c>Authorization</c>
    /// header with <see cref="CheckBearerToken"/> (or <see cref="VerifyBearerToken"/>), then parse
    /// the body. The parsing and the constant-time token comparison are the native library's,
    /// shared with every other binding of govuk-notify. All methods are thread-safe.
    /// </summary>
    /// <example>
    /// <code>
    /// NotifyCallbacks.CheckBearerToken(request.Headers["Authorization"], callbackToken);
    /// DeliveryReceipt receipt = NotifyCallbacks.ParseDeliveryReceipt(body);
    /// </code>
    /// </example>
    public static class NotifyCallbacks
    {
        [DllImport(Native.Library, CallingConvention = CallingConvention.Cdecl)]
        private static extern uint govuk_notify_callback_parse_delivery_receipt(byte[] body, UIntPtr len, out IntPtr json, out IntPtr errorJson);

        [DllImport(Native.Library, CallingConvention = CallingConvention.Cdecl)]
        private static extern uint govuk_notify_callback_parse_received_text(byte[] body, UIntPtr len, out IntPtr json, out IntPtr errorJson);

        [DllImport(Native.Library, CallingConvention = CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.I1)]
        private static extern bool govuk_notify_callback_verify_bearer_token(byte[] authorizationHeader, byte[] expectedToken);

        /// <summary>Parses a delivery-receipt callback body (the request body as received).</summary>
        /// <exception cref="InvalidCallbackException">The body is not a delivery receipt.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
        public static DeliveryReceipt ParseDeliveryReceipt(byte[] body)
        {
            var o = Parse(true, body);
            return new DeliveryReceipt
            {
                id = JsonView.Str(o, "id"),
                reference = JsonView.Str(o, "reference"),
                to = JsonView.Str(o, "to"),
                status = JsonView.Str(o, "status"),
                createdAt = JsonView.Str(o, "created_at"),
                completedAt = JsonView.Str(o, "completed_at"),
                sentAt = JsonView.Str(o, "sent_at"),
                notificationType = JsonView.Str(o, "notification_type"),
                templateId = JsonView.Str(o, "template_id"),
                templateVersion = JsonView.Int(o, "template_version"),
            };
        }

        /// <summary>Parses a delivery-receipt callback body given as text.</summary>
        /// <exception cref="InvalidCallbackException">The body is not a delivery receipt.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
        public static DeliveryReceipt ParseDeliveryReceipt(string body)
        {
            return ParseDeliveryReceipt(Bytes(body));
        }

        /// <summary>Parses a received-text callback body (the request body as received).</summary>
        /// <exception cref="InvalidCallbackException">The body is not a received text message.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
        public static ReceivedTextCallback ParseReceivedText(byte[] body)
        {
            var o = Parse(false, body);
            return new ReceivedTextCallback
            {
                id = JsonView.Str(o, "id"),
                sourceNumber = JsonView.Str(o, "source_number"),
                destinationNumber = JsonView.Str(o, "destination_number"),
                message = JsonView.Str(o, "message"),
                dateReceived = JsonView.Str(o, "date_received"),
            };
        }

        /// <summary>Parses a received-text callback body given as text.</summary>
        /// <exception cref="InvalidCallbackException">The body is not a received text message.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
        public static ReceivedTextCallback ParseReceivedText(string body)
        {
            return ParseReceivedText(Bytes(body));
        }

        /// <summary>
        /// Whether an <c>Authorization</c> header value (<c>Bearer &lt;token&gt;</c>, the scheme in
        /// any case) carries the token you configured in Notify, compared in constant time. A
        /// null argument, or an empty expected token, gives false; never throws.
        /// </summary>
        /// <param name="authorizationHeader">The header's value, or null when the request has none.</param>
        /// <param name="expectedToken">The callback's bearer token, as configured in Notify.</param>
        public static bool VerifyBearerToken(string authorizationHeader, string expectedToken)
        {
            if (authorizationHeader == null || expectedToken == null
                || authorizationHeader.IndexOf('\0') >= 0 || expectedToken.IndexOf('\0') >= 0)
            {
                return false;
            }
            NativeLoader.EnsureLoaded();
            return Verify(Native.Utf8(authorizationHeader), Native.Utf8(expectedToken));
        }

        // Native calls live in methods other than the one that calls NativeLoader.EnsureLoaded
        // (see NativeLoader.Probe).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool Verify(byte[] authorizationHeader, byte[] expectedToken)
        {
            return govuk_notify_callback_verify_bearer_token(authorizationHeader, expectedToken);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static uint CallParse(bool deliveryReceipt, byte[] body, int len, out IntPtr json, out IntPtr error)
        {
            var n = new UIntPtr((ulong)len);
            return deliveryReceipt
                ? govuk_notify_callback_parse_delivery_receipt(body, n, out json, out error)
                : govuk_notify_callback_parse_received_text(body, n, out json, out error);
        }

        /// <summary>Throws <see cref="CallbackAuthException"/> unless <see cref="VerifyBearerToken"/> accepts the header.</summary>
        /// <param name="authorizationHeader">The header's value, or null when the request has none.</param>
        /// <param name="expectedToken">The callback's bearer token, as configured in Notify.</param>
        /// <exception cref="CallbackAuthException">The header is missing or carries another token.</exception>
        public static void CheckBearerToken(string authorizationHeader, string expectedToken)
        {
            if (VerifyBearerToken(authorizationHeader, expectedToken))
            {
                return;
            }
            string message;
            if (string.IsNullOrEmpty(expectedToken))
            {
                message = "no expected callback token is configured, so every callback is refused";
            }
            else if (string.IsNullOrEmpty(authorizationHeader))
            {
                message = "the callback request has no Authorization header";
            }
            else
            {
                message = "the callback request's Authorization header does not carry the expected bearer token";
            }
            var report = new ErrorReport
            {
                Kind = NotifyErrorKind.Auth,
                Errors = new ReadOnlyCollection<NotifyError>(new NotifyError[0]),
                RawErrors = new List<object>(),
                Message = message,
                Result = "callback_auth",
            };
            throw new CallbackAuthException(message, report);
        }

        private static byte[] Bytes(string body)
        {
            if (body == null)
            {
                throw new ArgumentNullException(nameof(body));
            }
            return Encoding.UTF8.GetBytes(body);
        }

        private static Dictionary<string, object> Parse(bool deliveryReceipt, byte[] body)
        {
            if (body == null)
            {
                throw new ArgumentNullException(nameof(body));
            }
            NativeLoader.EnsureLoaded();
            IntPtr json;
            IntPtr error;
            // A one-byte buffer for an empty body: the library may not be given NULL with a length.
            uint r = CallParse(deliveryReceipt, body.Length == 0 ? new byte[1] : body, body.Length, out json, out error);
            if (r != Native.Ok)
            {
                var report = ErrorReport.Parse(r, Native.TakeString(error));
                throw new InvalidCallbackException(report.FormatMessage(), report);
            }
            var text = Native.TakeString(json);
            try
            {
                return Json.ParseObject(text);
            }
            catch (FormatException e)
            {
                throw ErrorReport.InvalidResponse("callback payload", e);
            }
        }
    }
}
