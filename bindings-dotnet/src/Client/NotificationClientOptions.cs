using System;

namespace Notify.Client
{
    /// <summary>
    /// Settings the official client does not have, for the constructor
    /// <c>new NotificationClient(baseUrl, apiKey, options)</c>. Every value is
    /// optional; unset values keep the native library's defaults.
    /// </summary>
    public sealed class NotificationClientOptions
    {
        /// <summary>The total time allowed for one attempt of a request. Default 30 seconds.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>The time allowed to connect. Default 10 seconds.</summary>
        public TimeSpan? ConnectTimeout { get; set; }

        /// <summary>
        /// How many times a request that failed in a way worth retrying is repeated (reads, and
        /// sends that certainly did not reach Notify). Default 2; 0 turns retries off.
        /// </summary>
        public int? MaxRetries { get; set; }

        /// <summary>A proxy URL. By default <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c> and <c>NO_PROXY</c> are honoured.</summary>
        public string Proxy { get; set; }

        /// <summary>Notify's default rate limit: 3,000 send requests a minute per service and key type.</summary>
        public const int NotifyRateLimit = 3000;

        /// <summary>
        /// Queue sends to stay under Notify's rate limit: at most this many send requests per
        /// <see cref="PaceWindow"/>, spaced evenly and shared by every thread and task using the
        /// client (e.g. <see cref="NotifyRateLimit"/>). Only sends are paced; queueing time is not
        /// part of <see cref="Timeout"/>. Default null: no pacing.
        /// </summary>
        public int? PaceLimit { get; set; }

        /// <summary>The window of <see cref="PaceLimit"/>. Default one minute (Notify's).</summary>
        public TimeSpan? PaceWindow { get; set; }

        /// <summary>The options as the native library's options JSON (base URL included).</summary>
        internal string ToJson(string baseUrl)
        {
            object retry = null;
            if (MaxRetries.HasValue)
            {
                retry = new System.Collections.Generic.Dictionary<string, object> { { "max_retries", MaxRetries.Value } };
            }
            return Internal.Json.Object(
                Internal.Json.Member("base_url", baseUrl),
                Internal.Json.Member("timeout_ms", Millis(Timeout)),
                Internal.Json.Member("connect_timeout_ms", Millis(ConnectTimeout)),
                Internal.Json.Member("proxy", Proxy),
                Internal.Json.Member("retry", retry),
                Internal.Json.Member("pace", PaceJson()));
        }

        private object PaceJson()
        {
            if (!PaceLimit.HasValue)
            {
                return null;
            }
            var pace = new System.Collections.Generic.Dictionary<string, object> { { "limit", PaceLimit.Value } };
            var window = Millis(PaceWindow);
            if (window != null)
            {
                pace["window_ms"] = window;
            }
            return pace;
        }

        private static object Millis(TimeSpan? t)
        {
            if (!t.HasValue)
            {
                return null;
            }
            return (long)Math.Ceiling(t.Value.TotalMilliseconds);
        }

        /// <summary>The settings that are set.</summary>
        public override string ToString()
        {
            return "NotificationClientOptions(Timeout=" + Timeout + ", ConnectTimeout=" + ConnectTimeout + ", MaxRetries=" + MaxRetries
                + ", Proxy=" + (Proxy == null ? "" : "set") + ", PaceLimit=" + PaceLimit + ", PaceWindow=" + PaceWindow + ")";
        }
    }
}
