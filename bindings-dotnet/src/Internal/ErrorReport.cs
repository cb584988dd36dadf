using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using Notify.Exceptions;

namespace Notify.Internal
{
    /// <summary>
    /// The native library's error JSON (<c>out_error_json</c>), read into typed fields, and the
    /// exception it becomes. The library decides the kind, status, retryability and wording; this
    /// only formats the message the way the official .NET client does.
    /// </summary>
    internal sealed class ErrorReport
    {
        public NotifyErrorKind Kind;
        public int? StatusCode;
        public ReadOnlyCollection<NotifyError> Errors;
        public List<object> RawErrors;
        public string Message;
        public bool Retryable;
        public bool MayHaveReachedServer;
        public string Field;
        public string Body;
        public int Code;
        public string Result;
        public double? ClockSkewSeconds;

        public static ErrorReport Parse(uint code, string json)
        {
            var r = new ErrorReport { Code = (int)code, Errors = new ReadOnlyCollection<NotifyError>(new NotifyError[0]), RawErrors = new List<object>() };
            Dictionary<string, object> o = null;
            try
            {
                o = json == null ? null : Json.ParseObject(json);
            }
            catch (FormatException)
            {
                o = null;
            }
            if (o == null)
            {
                r.Kind = NotifyErrorKind.Internal;
                r.Message = "the native library reported error " + code + " without a readable report";
                return r;
            }
            r.Kind = KindOf(JsonView.Str(o, "kind"));
            r.StatusCode = JsonView.NullableInt(o, "status_code");
            r.Message = JsonView.Str(o, "message") ?? "";
            r.Retryable = JsonView.Bool(o, "retryable");
            r.MayHaveReachedServer = JsonView.Bool(o, "may_have_reached_server");
            r.Field = JsonView.Str(o, "field");
            r.Body = JsonView.Str(o, "body");
            r.Result = JsonView.Str(o, "result");
            r.ClockSkewSeconds = JsonView.NullableDouble(o, "clock_skew_seconds");
            var errors = JsonView.Get(o, "errors") as List<object>;
            if (errors != null)
            {
                r.RawErrors = errors;
                var list = new List<NotifyError>();
                foreach (var e in errors)
                {
                    var item = e as Dictionary<string, object>;
                    if (item != null)
                    {
                        list.Add(new NotifyError(
                            Convert.ToString(JsonView.Get(item, "error"), CultureInfo.InvariantCulture),
                            Convert.ToString(JsonView.Get(item, "message"), CultureInfo.InvariantCulture)));
                    }
                }
                r.Errors = new ReadOnlyCollection<NotifyError>(list);
            }
            return r;
        }

        private static NotifyErrorKind KindOf(string kind)
        {
            switch (kind)
            {
                case "argument": return NotifyErrorKind.Argument;
                case "auth": return NotifyErrorKind.Auth;
                case "validation": return NotifyErrorKind.Validation;
                case "not_found": return NotifyErrorKind.NotFound;
                case "rate_limited": return NotifyErrorKind.RateLimited;
                case "daily_limit": return NotifyErrorKind.DailyLimit;
                case "server": return NotifyErrorKind.Server;
                case "http": return NotifyErrorKind.Http;
                case "transport": return NotifyErrorKind.Transport;
                case "timeout": return NotifyErrorKind.Timeout;
                case "invalid_response": return NotifyErrorKind.InvalidResponse;
                default: return NotifyErrorKind.Internal;
            }
        }

        /// <summary>
        /// The official client's message: <c>Status code N. The following errors occured [...]</c>
        /// when Notify sent its errors list, <c>Status code N. Error: body</c> for another body,
        /// and the library's explanation when there was no HTTP response.
        /// </summary>
        public string FormatMessage()
        {
            if (StatusCode.HasValue && RawErrors.Count > 0 && Kind != NotifyErrorKind.InvalidResponse)
            {
                return "Status code " + StatusCode.Value + ". The following errors occured " + Json.Indented(RawErrors);
            }
            if (StatusCode.HasValue && Kind != NotifyErrorKind.InvalidResponse)
            {
                return "Status code " + StatusCode.Value + ". Error: " + (Body ?? Message);
            }
            return Message;
        }

        public NotifyClientException ToException()
        {
            return new NotifyClientException(FormatMessage(), this);
        }

        /// <summary>For the constructor: the official client calls these <c>NotifyAuthException</c>.</summary>
        public NotifyClientException ToAuthException()
        {
            return new NotifyAuthException(FormatMessage(), this);
        }

        /// <summary>When a response could not be read into the documented model.</summary>
        public static NotifyClientException InvalidResponse(string what, Exception inner)
        {
            var r = new ErrorReport
            {
                Kind = NotifyErrorKind.InvalidResponse,
                Errors = new ReadOnlyCollection<NotifyError>(new NotifyError[0]),
                RawErrors = new List<object>(),
                Code = 3008,
                Result = "invalid_response",
                MayHaveReachedServer = true,
                Message = "Could not create " + what + " object from response: " + inner.Message,
            };
            return r.ToException();
        }
    }
}
