/**
 * The record of forecasts served and of what actually happened: the {@link
 * forecast.domain.recording.PredictionRecorder} writes served forecasts to the {@link
 * forecast.domain.recording.PredictionLog} off the prediction path, and {@link
 * forecast.domain.recording.ActualsIntake} takes in realised values, extends the stored series and
 * scores the recorded forecasts. A/B tests and live-accuracy monitoring both read from it, so it
 * depends on neither.
 */
package forecast.domain.recording;
