using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using Notify.Internal;

namespace Notify.Exceptions
{
    /// <summary>
    /// What went wrong, in the native library's taxonomy (the same in every language binding of
    /// govuk-notify). <see cref="NotifyClientException.Kind"/> holds one of these.
    /// </summary>
    public enum NotifyErrorKind
    {
        /// <summary>Refused before anything was sent (bad key, id, file size...); <see cref="NotifyClientException.Field"/> names the field.</summary>
        Argument,
        /// <summary>401 or 403: the key or token was refused, or the key may not do this.</summary>
        Auth,
        /// <summary>400: Notify rejected the request.</summary>
        Validation,
        /// <summary>404: no such notification or template.</summary>
        NotFound,
        /// <summary>429 <c>RateLimitError</c>: too many requests this minute.</summary>
        RateLimited,
        /// <summary>429 <c>TooManyRequestsError</c>: the daily limit is used up.</summary>
        DailyLimit,
        /// <summary>5xx.</summary>
        Server,
        /// <summary>Any other unsuccessful HTTP status.</summary>
        Http,
        /// <summary>DNS, connection refused or reset, TLS or proxy failure: Notify was not reached, or did not answer.</summary>
        Transport,
        /// <summary>No complete response within the timeout.</summary>
        Timeout,
        /// <summary>A success status with a body that is not what the endpoint returns.</summary>
        InvalidResponse,
        /// <summary>A bug in this library.</summary>
        Internal,
    }

    /// <summary>One entry of Notify's <c>errors</c> list.</summary>
    public sealed class NotifyError
    {
        internal NotifyError(string error, string message)
        {
            Error = error;
            Message = message;
        }

        /// <summary>The error class, e.g. <c>BadRequestError</c>, <c>ValidationError</c>, <c>AuthError</c>.</summary>
        public string Error { get; }

        /// <summary>Notify's message.</summary>
        public string Message { get; }

        /// <summary><c>Error: Message</c>.</summary>
        public override string ToString()
        {
            return Error + ": " + Message;
        }
    }

    /// <summary>
    /// Every failure of a <c>NotificationClient</c> call. <see cref="Exception.Message"/> has the
    /// official client's format for errors Notify answered (<c>Status code 400. The following
    /// errors occured [...]</c>, with Notify's <c>errors</c> list as JSON), and the library's own
    /// one-line explanation otherwise. It never contains the API key or a token.
    /// </summary>
    public class NotifyClientException : Exception
    {
        private static readonly ReadOnlyCollection<NotifyError> NoErrors = new ReadOnlyCollection<NotifyError>(new NotifyError[0]);

        /// <summary>As the official client.</summary>
        public NotifyClientException()
        {
            Errors = NoErrors;
            Kind = NotifyErrorKind.Internal;
        }

        /// <summary>As the official client.</summary>
        public NotifyClientException(string message)
            : base(message)
        {
            Errors = NoErrors;
            Kind = NotifyErrorKind.Internal;
        }

        /// <summary>As the official client: the message is <c>string.Format(format, args)</c>.</summary>
        public NotifyClientException(string format, params object[] args)
            : base(string.Format(format, args))
        {
            Errors = NoErrors;
            Kind = NotifyErrorKind.Internal;
        }

        internal NotifyClientException(string message, ErrorReport report)
            : base(message)
        {
            Kind = report.Kind;
            StatusCode = report.StatusCode;
            Errors = report.Errors;
            Retryable = report.Retryable;
            MayHaveReachedServer = report.MayHaveReachedServer;
            Field = report.Field;
            Body = report.Body;
            ResultCode = report.Code;
            ResultName = report.Result;
            ClockSkewSeconds = report.ClockSkewSeconds;
        }

        /// <summary>The kind of failure.</summary>
        public NotifyErrorKind Kind { get; }

        /// <summary>The HTTP status, or null when no response arrived (transport errors, timeouts, argument errors).</summary>
        public int? StatusCode { get; }

        /// <summary>Notify's <c>errors</c> list exactly as sent; empty when there was none.</summary>
        public IReadOnlyList<NotifyError> Errors { get; }

        /// <summary>
        /// Whether repeating this same call is likely to help and is safe: false for a send that
        /// may already have reached Notify (a 5xx or timeout after sending).
        /// </summary>
        public bool Retryable { get; }

        /// <summary>False when the request certainly never reached Notify.</summary>
        public bool MayHaveReachedServer { get; }

        /// <summary>For <see cref="NotifyErrorKind.Argument"/>: the argument or request field at fault, e.g. <c>template_id</c>.</summary>
        public string Field { get; }

        /// <summary>The raw response body when one arrived and was not Notify's JSON (e.g. a proxy's HTML page), else null.</summary>
        public string Body { get; }

        /// <summary>The C ABI's result code (e.g. 3002), for logs and support.</summary>
        public int ResultCode { get; }

        /// <summary>The C ABI's name for <see cref="ResultCode"/>, e.g. <c>validation</c>.</summary>
        public string ResultName { get; }

        /// <summary>When Notify refused the token because this machine's clock is off: by how many seconds.</summary>
        public double? ClockSkewSeconds { get; }

        /// <summary>The exception's type, kind, status and message (never a secret).</summary>
        public override string ToString()
        {
            return GetType().FullName + " (" + Kind + (StatusCode.HasValue ? ", status " + StatusCode.Value : "") + "): " + Message
                + (StackTrace == null ? "" : Environment.NewLine + StackTrace);
        }
    }

    /// <summary>
    /// The API key or base URL given to the <c>NotificationClient</c> constructor was refused
    /// (as the official client's <c>NotifyAuthException</c>). It is also a
    /// <see cref="NotifyClientException"/> with <see cref="NotifyErrorKind.Argument"/>.
    /// </summary>
    public class NotifyAuthException : NotifyClientException
    {
        /// <summary>As the official client.</summary>
        public NotifyAuthException()
        {
        }

        /// <summary>As the official client.</summary>
        public NotifyAuthException(string message)
            : base(message)
        {
        }

        /// <summary>As the official client: the message is <c>string.Format(format, args)</c>.</summary>
        public NotifyAuthException(string format, params object[] args)
            : base(format, args)
        {
        }

        internal NotifyAuthException(string message, ErrorReport report)
            : base(message, report)
        {
        }
    }
}
