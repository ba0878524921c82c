'use strict';
/**
 * A small JSON Schema check for the test harness: type, enum, const, required, properties, additionalProperties,
 * items, minItems/maxItems, minLength/maxLength, pattern, minimum/maximum, exclusiveMinimum/exclusiveMaximum,
 * multipleOf. The runtime itself checks with a full validator; this one catches the common mistakes before it.
 */

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value, type) {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function escape(key) {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** @returns {{pointer: string, message: string}[]} the violations of value against schema (empty: valid) */
function validate(schema, value, pointer = '', out = []) {
  if (schema === true || schema === undefined || schema === null || typeof schema !== 'object') {
    if (schema === false) out.push({ pointer, message: 'no value is allowed here' });
    return out;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(value, t))) {
      out.push({ pointer, message: `must be ${types.join(' or ')}, not ${typeOf(value)}` });
      return out;
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    out.push({ pointer, message: `must be one of ${JSON.stringify(schema.enum)}` });
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    out.push({ pointer, message: `must be ${JSON.stringify(schema.const)}` });
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) {
      out.push({ pointer, message: `must be at least ${schema.minLength} characters long` });
    }
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
      out.push({ pointer, message: `must be at most ${schema.maxLength} characters long` });
    }
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      out.push({ pointer, message: `must match ${schema.pattern}` });
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) out.push({ pointer, message: `must be >= ${schema.minimum}` });
    if (typeof schema.maximum === 'number' && value > schema.maximum) out.push({ pointer, message: `must be <= ${schema.maximum}` });
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
      out.push({ pointer, message: `must be > ${schema.exclusiveMinimum}` });
    }
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) {
      out.push({ pointer, message: `must be < ${schema.exclusiveMaximum}` });
    }
    if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0
      && Math.abs(value / schema.multipleOf - Math.round(value / schema.multipleOf)) > 1e-9) {
      out.push({ pointer, message: `must be a multiple of ${schema.multipleOf}` });
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push({ pointer, message: `must have at least ${schema.minItems} items` });
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) out.push({ pointer, message: `must have at most ${schema.maxItems} items` });
    if (schema.items && typeof schema.items === 'object') {
      value.forEach((item, i) => validate(schema.items, item, `${pointer}/${i}`, out));
    }
  }
  if (typeOf(value) === 'object') {
    for (const key of Array.isArray(schema.required) ? schema.required : []) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) {
        out.push({ pointer: `${pointer}/${escape(key)}`, message: 'is required' });
      }
    }
    const properties = schema.properties && typeof schema.properties === 'object' ? schema.properties : {};
    for (const [key, item] of Object.entries(value)) {
      if (Object.prototype.hasOwnProperty.call(properties, key)) {
        validate(properties[key], item, `${pointer}/${escape(key)}`, out);
      } else if (schema.additionalProperties === false) {
        out.push({ pointer: `${pointer}/${escape(key)}`, message: 'is not allowed' });
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        validate(schema.additionalProperties, item, `${pointer}/${escape(key)}`, out);
      }
    }
  }
  return out;
}

module.exports = { validate };
