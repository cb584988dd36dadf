using System;
using System.Collections.Generic;
using System.Globalization;

namespace Notify.Internal
{
    /// <summary>
    /// Typed reads from a parsed JSON object, for filling the response models. A missing key or
    /// a null reads as the type's default; a value of the wrong JSON type is a
    /// <see cref="FormatException"/> (reported as an invalid response).
    /// </summary>
    internal static class JsonView
    {
        public static object Get(Dictionary<string, object> o, string key)
        {
            object v;
            return o != null && o.TryGetValue(key, out v) ? v : null;
        }

        public static string Str(Dictionary<string, object> o, string key)
        {
            var v = Get(o, key);
            if (v == null)
            {
                return null;
            }
            var s = v as string;
            if (s == null)
            {
                throw new FormatException(key + " is not a string");
            }
            return s;
        }

        public static int? NullableInt(Dictionary<string, object> o, string key)
        {
            var v = Get(o, key);
            if (v == null)
            {
                return null;
            }
            if (v is long)
            {
                return checked((int)(long)v);
            }
            throw new FormatException(key + " is not an integer");
        }

        public static int Int(Dictionary<string, object> o, string key)
        {
            return NullableInt(o, key) ?? 0;
        }

        public static double? NullableDouble(Dictionary<string, object> o, string key)
        {
            var v = Get(o, key);
            if (v == null)
            {
                return null;
            }
            if (v is long)
            {
                return (long)v;
            }
            if (v is double)
            {
                return (double)v;
            }
            throw new FormatException(key + " is not a number");
        }

        public static bool Bool(Dictionary<string, object> o, string key)
        {
            var v = Get(o, key);
            if (v == null)
            {
                return false;
            }
            if (v is bool)
            {
                return (bool)v;
            }
            throw new FormatException(key + " is not a boolean");
        }

        public static Dictionary<string, object> Obj(Dictionary<string, object> o, string key)
        {
            var v = Get(o, key);
            if (v == null)
            {
                return null;
            }
            var d = v as Dictionary<string, object>;
            if (d == null)
            {
                throw new FormatException(key + " is not an object");
            }
            return d;
        }

        public static List<T> List<T>(Dictionary<string, object> o, string key, Func<Dictionary<string, object>, T> item)
        {
            var v = Get(o, key);
            if (v == null)
            {
                return null;
            }
            var items = v as List<object>;
            if (items == null)
            {
                throw new FormatException(key + " is not a list");
            }
            var result = new List<T>(items.Count);
            foreach (var x in items)
            {
                var d = x as Dictionary<string, object>;
                if (d == null && x != null)
                {
                    throw new FormatException(key + " has an item that is not an object");
                }
                result.Add(d == null ? default(T) : item(d));
            }
            return result;
        }

        /// <summary>A timestamp as the official client reads it into a DateTime (UTC kept).</summary>
        public static DateTime? Date(Dictionary<string, object> o, string key)
        {
            var s = Str(o, key);
            if (string.IsNullOrEmpty(s))
            {
                return null;
            }
            DateTime d;
            if (!DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out d))
            {
                throw new FormatException(key + " is not a timestamp");
            }
            return d;
        }
    }
}
